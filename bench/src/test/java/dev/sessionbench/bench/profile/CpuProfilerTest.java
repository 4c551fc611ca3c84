package dev.sessionbench.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

class CpuProfilerTest {

    @Test
    void cpuPerOperationIsTheCpuTimeOverTheOperationsAndCoresTheCpuOverTheWallTime() {
        List<ScalarResult> results =
                CpuProfiler.results(CpuProfiler.PER_OP, CpuProfiler.CORES, 5_000_000, 10_000_000, 100);
        assertThat(results).extracting(Result::getLabel).containsExactly("cpu.per.op", "cpu.cores");
        assertThat(results.get(0).getScore()).isCloseTo(50.0, within(1e-9));
        assertThat(results.get(0).getScoreUnit()).isEqualTo("us/op");
        assertThat(results.get(1).getScore()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void anIterationWithoutOperationsReportsOnlyTheCores() {
        assertThat(CpuProfiler.results(CpuProfiler.PER_OP, CpuProfiler.CORES, 1_000, 2_000, 0))
                .extracting(Result::getLabel)
                .containsExactly("cpu.cores");
    }

    @Test
    void aLoopOfKnownCpuCostMeasuresWithinBounds() throws Exception {
        // In this JVM (no fork), so the profiler also counts the test JVM's other threads: hence the wide bound.
        Options options = new OptionsBuilder()
                .include(CpuSpinBenchmark.class.getName() + ".spin")
                .forks(0)
                .threads(1)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(3)
                .measurementTime(TimeValue.milliseconds(300))
                .addProfiler(CpuProfiler.class)
                .shouldFailOnError(true)
                .build();
        RunResult run = new Runner(options).runSingle();
        Result<?> perOp = run.getAggregatedResult().getSecondaryResults().get(CpuProfiler.PER_OP);
        assertThat(perOp).as("the profiler's secondary result").isNotNull();
        assertThat(perOp.getScoreUnit()).isEqualTo("us/op");
        assertThat(perOp.getScore()).isBetween(40.0, 200.0);
        Result<?> cores = run.getAggregatedResult().getSecondaryResults().get(CpuProfiler.CORES);
        assertThat(cores.getScore()).isGreaterThan(0.0);
    }
}
