package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The settings the benchmarks inherit reach JMH's generated list, and the 1-thread rule says why it refuses. */
class BenchmarkDefaultsTest {

    private static final Set<Class<?>> INHERITING = Set.of(
            AccessAndSaveBenchmark.class,
            ChangeIdBenchmark.class,
            CreateBenchmark.class,
            ExpiryBenchmark.class,
            InvalidateBenchmark.class,
            LookupBenchmark.class,
            MixedBenchmark.class,
            PrincipalBenchmark.class);

    @Test
    void everyBenchmarkOfTheBaseClassRunsWithItsSettingsUnderItsOwnName() {
        Set<BenchmarkListEntry> all = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        for (Class<?> benchmark : INHERITING) {
            List<BenchmarkListEntry> entries = all.stream()
                    .filter(e -> e.getUserClassQName().equals(benchmark.getName()))
                    .toList();
            assertThat(entries).as(benchmark.getSimpleName()).isNotEmpty();
            for (BenchmarkListEntry e : entries) {
                assertThat(e.getUsername()).startsWith(benchmark.getName() + ".");
                assertThat(e.getMode()).isEqualTo(Mode.Throughput);
                assertThat(e.getTimeUnit().get()).isEqualTo(TimeUnit.SECONDS);
                assertThat(e.getForks().get()).isEqualTo(1);
                assertThat(e.getJvmArgsAppend().get()).containsExactly("-Xms4g", "-Xmx4g");
                assertThat(e.getWarmupIterations().get()).isEqualTo(3);
                assertThat(e.getWarmupTime().get()).isEqualTo(TimeValue.seconds(4));
                assertThat(e.getMeasurementIterations().get()).isEqualTo(8);
                assertThat(e.getMeasurementTime().get()).isEqualTo(TimeValue.seconds(1));
            }
        }
    }

    @Test
    void aPerInvocationBenchmarkRefusesMoreThanOneThreadAndSaysWhy() {
        assertThatCode(() -> BenchmarkDefaults.requireOneThread("InvalidateBenchmark.invalidate", 1))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> BenchmarkDefaults.requireOneThread("InvalidateBenchmark.invalidate", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("InvalidateBenchmark.invalidate runs at 1 thread only")
                .hasMessageContaining("per-invocation setup is not timed")
                .hasMessageContaining("was 4 threads");
    }
}
