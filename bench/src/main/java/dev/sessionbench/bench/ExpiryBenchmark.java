package dev.sessionbench.bench;

import dev.sessionbench.bench.adapter.Adapter;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Expiry in steady state: sessions reclaimed per second by {@code purgeExpired} when {@value #BATCH} sessions
 * have expired among {@code liveSessions} live ones. The store runs on a clock the benchmark moves: the live set is
 * a pipeline of {@code liveSessions / BATCH} batches created one clock step apart with an idle timeout of that many
 * steps, so each step (a per-invocation setup, not measured) expires exactly the oldest batch and creates a new
 * one. A purge whose cost grows with the live set rather than with what it removes shows here as a rate that falls
 * as {@code liveSessions} grows.
 *
 * <p>Redis's own expiry is not a purge call, so it is not in this table: Redis deletes an expired key when a
 * command touches it, and in an active cycle ({@code hz} 10 times a second) that samples 20 keys with a TTL and
 * repeats while more than 10 % of a sample had expired. With few expired keys among many live ones it stops after
 * one sample, so expired sessions linger (never returned, but holding memory) for a time that grows with the live
 * set. The run command measures that rate outside JMH and records it in the run's notes: on a 2-core VM, of
 * 10,000 keys expired among 100,000 live keys with a TTL, Redis reclaimed 75 within 3 s (9 % expired, under its 10 %
 * threshold, so each cycle stops after one sample); with no other keys it reclaimed all 10,000 within 0.1 s. The Redis
 * store's {@code purgeExpired} is a no-op for that reason, so Redis has no row here.
 *
 * <p>It runs at 1 thread only, as the plan runs it (it fails at setup above): the step is not timed, which is honest
 * when nothing else runs meanwhile, but above 1 thread the other threads would be timed while one steps the shared
 * clock.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'ExpiryBenchmark.expiry'
 * -p subject=memory,mapdb,mapdb-batched -p liveSessions=1000,100000 -t 1 -f 1 -wi 3 -w 4s -i 8 -r 1s -prof gc
 * -rf json}
 */
public class ExpiryBenchmark extends BenchmarkDefaults {

    /** Sessions that expire, and are reclaimed, per invocation. */
    public static final int BATCH = 100;
    /** How far the clock moves per invocation. */
    static final Duration STEP = Duration.ofSeconds(1);
    /** Where the benchmark clock starts. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The subject on a movable clock, holding {@code liveSessions} sessions in batches one step apart. */
    @State(Scope.Benchmark)
    public static class Pipeline extends SubjectParams {

        public Adapter adapter;
        public MutableClock clock;
        List<Map<String, String>> attributes;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) {
            requireOneThread(params.getBenchmark(), params.getThreads());
            open();
        }

        /** Opens the subject and seeds its batches; the tests call it directly. */
        public void open() {
            int batches = Math.max(2, liveSessions / BATCH);
            clock = new MutableClock(START);
            Duration idle = STEP.multipliedBy(batches);
            SessionPolicy policy = SessionPolicy.defaults()
                    .withClock(clock)
                    .withIdleTimeout(idle)
                    .withAbsoluteTimeout(idle.multipliedBy(2).plus(SessionPolicy.DEFAULT_ABSOLUTE_TIMEOUT));
            adapter = Adapters.open(Subject.of(subject), policy);
            if (!adapter.operations().contains(Operation.EXPIRY)) {
                UnsupportedOperationException e = adapter.unsupported(Operation.EXPIRY);
                adapter.close();
                throw e;
            }
            attributes = Seeding.attributes(BATCH, Payload.of(payload), Seeding.SEED);
            adapter.bulkLoad(() -> {
                for (int b = 0; b < batches; b++) {
                    if (b > 0) {
                        clock.advance(STEP);
                    }
                    Seeding.seed(adapter, attributes);
                }
            });
        }

        /** Moves the clock one step, which expires the oldest batch, and creates the next batch. */
        @Setup(Level.Invocation)
        public void step() {
            clock.advance(STEP);
            Seeding.seed(adapter, attributes);
        }

        @TearDown(Level.Trial)
        public void close() {
            if (adapter != null) {
                adapter.close();
            }
        }
    }

    /** Returns how many sessions the purge reclaimed: {@value #BATCH} when the subject keeps the rules. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long expiry(Pipeline p) {
        return p.adapter.purgeExpired();
    }
}
