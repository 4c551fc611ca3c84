package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.Plan.Profile;
import dev.sessionbench.bench.Plan.Step;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.core.SessionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every subject of the full run's 128-thread steps, driven as JMH drives it: one shared {@link Sessions}, and per
 * thread its own cursor, traffic or created list, 128 threads at once. Checks that each call answers and none
 * throws (a shared Redis connection, MapDB's locks, a slice of the live sessions per thread in mixed), not speed.
 */
class ThreadSweepSmokeTest {

    private static final int THREADS = 128;
    private static final int CALLS_PER_THREAD = 5;
    private static final int LIVE = 512;

    @TestFactory
    Stream<DynamicTest> everySubjectOfTheSweepRunsAt128Threads() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Step step : Plan.steps(Profile.FULL)) {
            if (step.threads() == THREADS) {
                for (String subject : step.subjects()) {
                    tests.add(DynamicTest.dynamicTest(
                            step.operation().method() + " " + subject, () -> run(step.operation(), subject)));
                }
            }
        }
        assertThat(tests).as("the full profile has 128-thread steps").isNotEmpty();
        return tests.stream();
    }

    private static void run(Operation op, String subject) throws Exception {
        Sessions s = new Sessions();
        s.subject = subject;
        s.liveSessions = LIVE;
        s.payload = "small";
        s.open(op, SessionPolicy.defaults(), THREADS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger answered = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        CountDownLatch done = new CountDownLatch(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                Thread th = new Thread(() -> {
                    try {
                        Cursor c = new Cursor();
                        c.start(s);
                        MixedBenchmark.Traffic traffic = null;
                        CreateBenchmark.Created created = null;
                        if (op == Operation.MIXED) {
                            traffic = new MixedBenchmark.Traffic();
                            traffic.prepare(s);
                        } else if (op == Operation.CREATE) {
                            created = new CreateBenchmark.Created();
                        }
                        start.await(1, TimeUnit.MINUTES);
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            Object r = switch (op) {
                                case LOOKUP_HIT -> new LookupBenchmark().lookupHit(s, c);
                                case ACCESS_AND_SAVE -> new AccessAndSaveBenchmark().accessAndSave(s, c);
                                case CREATE -> new CreateBenchmark().create(s, c, created);
                                case MIXED -> new MixedBenchmark().mixed(s, traffic);
                                default -> throw new AssertionError("not swept: " + op);
                            };
                            if (r != null && !Boolean.FALSE.equals(r)) {
                                answered.incrementAndGet();
                            }
                        }
                        if (traffic != null) {
                            traffic.discard(s);
                        }
                        if (created != null) {
                            created.discard(s);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                });
                th.setDaemon(true);
                th.start();
            }
            assertThat(done.await(3, TimeUnit.MINUTES))
                    .as("all 128 threads finished")
                    .isTrue();
            s.discardPending();
        } finally {
            s.close();
        }
        assertThat(failure.get()).as("a failure in one of the threads").isNull();
        // mixed: a request on a slot just logged out finds nothing; everything else answers
        assertThat(answered.get()).isGreaterThan(THREADS * CALLS_PER_THREAD * 9 / 10);
    }
}
