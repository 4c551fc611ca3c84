package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.core.SessionPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The create benchmark measures a create and, in steady state, the removal of the thread's oldest session in the
 * same operation: the live set stays flat without any removal between calls, and every session it creates is
 * removed.
 */
class CreateBenchmarkSteadyStateTest {

    private static final int N = CreateBenchmark.CREATED_PER_THREAD;
    private static final int LIVE = 16;

    private static Sessions open(String subject, int threads) {
        Sessions s = new Sessions();
        s.subject = subject;
        s.liveSessions = LIVE;
        s.payload = "small";
        s.open(Operation.CREATE, SessionPolicy.defaults(), threads);
        return s;
    }

    /** One benchmark thread's states, as JMH makes them: its cursor and its ring of created sessions. */
    private static final class BenchThread {
        final Sessions s;
        final Cursor cursor = new Cursor();
        final CreateBenchmark.Created created = new CreateBenchmark.Created();

        BenchThread(Sessions s) {
            this.s = s;
            cursor.start(s);
        }

        String create() {
            return new CreateBenchmark().create(s, cursor, created);
        }
    }

    private static long liveAmong(Sessions s, List<String> values) {
        return values.stream().filter(v -> s.adapter.lookup(v) != null).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb-batched", "redis", "spring-map", "raw-chm", "raw-mapdb", "raw-lettuce"})
    void eachCreateBeyondTheThreadsShareEndsItsOldestSessionSoTheLiveSetStaysFlat(String subject) {
        Sessions s = open(subject, 1);
        try {
            BenchThread thread = new BenchThread(s);
            CreateBenchmark.Created created = thread.created;
            List<String> all = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < N; i++) {
                    all.add(thread.create());
                }
                // after each round exactly the last N created are live: the earlier ones ended inside create
                assertThat(liveAmong(s, all)).as("live after round " + round).isEqualTo(N);
                assertThat(liveAmong(s, all.subList(all.size() - N, all.size())))
                        .as("the newest " + N)
                        .isEqualTo(N);
                assertThat(created.live()).containsExactlyInAnyOrderElementsOf(all.subList(all.size() - N, all.size()));
            }
            // the seeded live set is untouched
            assertThat(liveAmong(s, List.of(s.values))).isEqualTo(LIVE);

            created.discard(s);
            s.discardPending();
            assertThat(liveAmong(s, all))
                    .as("created sessions left after the trial")
                    .isZero();
            assertThat(created.live()).isEmpty();
            assertThat(liveAmong(s, List.of(s.values))).isEqualTo(LIVE);
        } finally {
            s.close();
        }
    }

    @Test
    void everyThreadKeepsOnlyItsOwnShareLiveAtOnce() throws Exception {
        int threads = 4;
        Sessions s = open("memory", threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<String> all = Collections.synchronizedList(new ArrayList<>());
            List<CreateBenchmark.Created> states = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    BenchThread thread = new BenchThread(s);
                    states.add(thread.created);
                    start.await(1, TimeUnit.MINUTES);
                    for (int i = 0; i < 3 * N; i++) {
                        all.add(thread.create());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            assertThat(all).hasSize(threads * 3 * N).doesNotHaveDuplicates();
            assertThat(liveAmong(s, all)).as("live created sessions").isEqualTo((long) threads * N);

            for (CreateBenchmark.Created created : states) {
                created.discard(s);
            }
            s.discardPending();
            assertThat(liveAmong(s, all))
                    .as("created sessions left after the trial")
                    .isZero();
        } finally {
            pool.shutdownNow();
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "raw-securerandom"})
    void aSubjectThatHoldsNoSessionHasNothingToEnd(String subject) {
        Sessions s = open(subject, 1);
        try {
            BenchThread thread = new BenchThread(s);
            CreateBenchmark.Created created = thread.created;
            for (int i = 0; i < N + 1; i++) {
                assertThat(thread.create()).isNotNull();
            }
            assertThat(s.adapter.retire(created.live().get(0))).isFalse();
            created.discard(s);
            s.discardPending();
            assertThat(created.live()).isEmpty();
        } finally {
            s.close();
        }
    }
}
