package dev.sessionbench.bench;

import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A logout: look the session up and invalidate it, among {@code liveSessions} live sessions. A logout removes what
 * it measures, so each invocation ends a batch of {@value #BATCH} sessions that a per-invocation setup stored just
 * before (not measured); with a batch this size the timer's own cost, which makes per-invocation setup wrong for
 * nanosecond operations (JMH sample 38), is under 1 %. A stateless token's invalidate does nothing (it cannot
 * retire a token); its row is the cost of the lookup alone. It runs at 1 thread only, as the plan runs it (it fails
 * at setup above): the untimed refill is honest when nothing else runs meanwhile, but above 1 thread the other
 * threads would be timed while one refills, and their summed rates would overstate the subject.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'InvalidateBenchmark.invalidate'
 * -p subject=memory,spring-map,redis,spring-redis -p liveSessions=100000 -t 1 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
public class InvalidateBenchmark extends BenchmarkDefaults {

    /** Sessions invalidated per invocation. */
    public static final int BATCH = 100;

    /** The next batch of this thread's sessions to end. */
    @State(Scope.Thread)
    public static class Batch {
        final String[] values = new String[BATCH];
        List<Map<String, String>> attributes;

        @Setup(Level.Trial)
        public void oneThreadOnly(BenchmarkParams params) {
            requireOneThread(params.getBenchmark(), params.getThreads());
        }

        @Setup(Level.Trial)
        public void prepare(Sessions s) {
            attributes = Seeding.attributes(BATCH, s.size, Seeding.SEED + 1);
        }

        @Setup(Level.Invocation)
        public void refill(Sessions s) {
            for (int i = 0; i < BATCH; i++) {
                values[i] = s.adapter.seed(attributes.get(i));
            }
        }
    }

    /** Returns how many of the batch were found and ended. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int invalidate(Sessions s, Batch batch) {
        int ended = 0;
        for (String v : batch.values) {
            if (s.adapter.invalidate(v)) {
                ended++;
            }
        }
        return ended;
    }
}
