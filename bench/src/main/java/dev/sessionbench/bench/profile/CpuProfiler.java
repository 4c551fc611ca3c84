package dev.sessionbench.bench.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Client CPU per operation: the benchmark JVM's process CPU time over each iteration (every thread: the benchmark
 * threads, the client library's I/O threads, GC and JIT), divided by the operations of that iteration. Reported as
 * the secondary results {@value #PER_OP} (microseconds of CPU per operation) and {@value #CORES} (CPU seconds per
 * wall-clock second). CPU per operation is what capacity planning needs, and it varies less across hosts than
 * operations per second: a store at 70 us/op needs 0.7 cores for 10,000 requests/s however fast the core is.
 *
 * <p>JMH runs a trial's setup (opening and seeding the subject) inside its first iteration, so run at least one
 * warm-up iteration: its figure includes the seeding, and warm-up results are not reported.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'LookupBenchmark.lookupHit' -p subject=redis,raw-lettuce
 * -t 32 -f 1 -wi 3 -w 4s -i 8 -r 1s -prof dev.sessionbench.bench.profile.CpuProfiler -rf json}
 */
public final class CpuProfiler implements InternalProfiler {

    /** The label of CPU microseconds per operation. */
    public static final String PER_OP = "cpu.per.op";
    /** The label of the cores busy on average. */
    public static final String CORES = "cpu.cores";
    /** The unit of {@value #PER_OP}. */
    public static final String PER_OP_UNIT = "us/op";
    /** The unit of {@value #CORES}. */
    public static final String CORES_UNIT = "cores";

    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "Client CPU per operation: the benchmark JVM's process CPU time over each iteration / its operations";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = ProcessCpu.nanos();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpuEnd = ProcessCpu.nanos();
        long wall = System.nanoTime() - wallStart;
        if (cpuStart < 0 || cpuEnd < 0) {
            return List.of();
        }
        return results(
                PER_OP, CORES, cpuEnd - cpuStart, wall, result.getMetadata().getAllOps());
    }

    /**
     * Returns {@code perOpLabel} (CPU microseconds per operation) and {@code coresLabel} (CPU per wall time) of
     * {@code cpuNanos} used over {@code wallNanos} by {@code operations}; only the cores when there were none.
     * Every operation of the iteration counts, including those of JMH's synchronisation phases, because the CPU
     * reading covers them too.
     */
    static List<ScalarResult> results(
            String perOpLabel, String coresLabel, long cpuNanos, long wallNanos, long operations) {
        List<ScalarResult> results = new ArrayList<>(2);
        if (operations > 0) {
            results.add(new ScalarResult(
                    perOpLabel,
                    ProcessCpu.perOperation(cpuNanos, operations) / 1000.0,
                    PER_OP_UNIT,
                    AggregationPolicy.AVG));
        }
        if (wallNanos > 0) {
            results.add(new ScalarResult(
                    coresLabel, ProcessCpu.cores(cpuNanos, wallNanos), CORES_UNIT, AggregationPolicy.AVG));
        }
        return results;
    }
}
