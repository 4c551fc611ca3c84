package dev.sessionbench.bench.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A benchmark of known CPU cost for {@link CpuProfilerTest}: each operation spins until its thread has used
 * {@link #CPU_PER_OP_NANOS} of CPU time, so a descheduled thread on a shared machine still costs the same CPU.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CpuSpinBenchmark {

    /** The CPU time one operation uses. */
    static final long CPU_PER_OP_NANOS = 50_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Benchmark
    public long spin() {
        long end = THREADS.getCurrentThreadCpuTime() + CPU_PER_OP_NANOS;
        long now;
        while ((now = THREADS.getCurrentThreadCpuTime()) < end) {
            Thread.onSpinWait();
        }
        return now;
    }
}
