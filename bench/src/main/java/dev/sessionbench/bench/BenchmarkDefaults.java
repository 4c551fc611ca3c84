package dev.sessionbench.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings the suite's benchmarks share: throughput in operations per second, one fork with a fixed 4 GiB
 * heap, 3 warm-up iterations of 4 s and 8 measured ones of 1 s (the run command sets its own on the command line).
 * JMH reads these annotations from the superclass, and a benchmark's name stays its own class's, e.g.
 * {@code dev.sessionbench.bench.LookupBenchmark.lookupHit}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 8, time = 1)
public abstract class BenchmarkDefaults {

    /**
     * Fails when a benchmark whose state is refilled by a per-invocation setup runs above 1 thread: that setup is not
     * timed, and while one thread runs it the others are timed with the machine to themselves, so the sum of their
     * rates (JMH's score) would overstate what the subject sustains.
     */
    static void requireOneThread(String benchmark, int threads) {
        if (threads != 1) {
            throw new IllegalArgumentException(benchmark + " runs at 1 thread only (its per-invocation setup is not"
                    + " timed, so above 1 thread the other threads' rates would be overstated); was " + threads
                    + " threads");
        }
    }
}
