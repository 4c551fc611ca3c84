package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhJsonTest {

    @TempDir
    Path dir;

    private Measurement only(String json) throws IOException {
        Path f = dir.resolve("jmh.json");
        Files.writeString(f, json);
        List<Measurement> ms = JmhJson.read(f, Run.mapper()).measurements();
        assertThat(ms).hasSize(1);
        return ms.get(0);
    }

    private static String result(String mode, String unit, String score, String error, String secondaries) {
        return """
                [{"benchmark":"dev.sessionbench.bench.LookupBenchmark.lookupHit","mode":"%s","threads":2,"forks":1,
                  "jmhVersion":"1.37","params":{"subject":"memory","liveSessions":"1000","payload":"small"},
                  "primaryMetric":{"score":%s,"scoreError":%s,"scoreUnit":"%s"},
                  "secondaryMetrics":{%s}}]
                """.formatted(mode, score, error, unit, secondaries);
    }

    @Test
    void throughputInOpsPerMillisecondIsConvertedToOpsPerSecond() throws IOException {
        Measurement m = only(result("thrpt", "ops/ms", "1234.5", "10.0", ""));
        assertThat(m.score()).isCloseTo(1_234_500, within(1e-6));
        assertThat(m.error()).isCloseTo(10_000, within(1e-6));
        assertThat(m.unit()).isEqualTo("ops/ms");
    }

    @Test
    void paramsSplitIntoSubjectOperationAndTheRest() throws IOException {
        Measurement m = only(result("thrpt", "ops/s", "1", "0.1", ""));
        assertThat(m.operation()).isEqualTo("lookupHit");
        assertThat(m.subject()).isEqualTo("memory");
        // a result without the network parameter was measured directly: the same row as network=direct
        assertThat(m.params())
                .containsOnlyKeys("liveSessions", "payload", "network")
                .containsEntry("network", "direct");
        assertThat(m.liveSessions()).contains(1000L);
        assertThat(m.threads()).isEqualTo(2);
    }

    @Test
    void errorWrittenAsNanStringIsNan() throws IOException {
        Measurement m = only(result("thrpt", "ops/s", "100", "\"NaN\"", ""));
        assertThat(m.error()).isNaN();
        assertThat(m.allocBytesPerOp()).isNaN();
    }

    @Test
    void allocationIsReadWithOrWithoutTheOldMiddleDotPrefix() throws IOException {
        String metric = "{\"score\":96.0,\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\"}";
        assertThat(only(result("thrpt", "ops/s", "1", "0", "\"gc.alloc.rate.norm\":" + metric))
                        .allocBytesPerOp())
                .isEqualTo(96.0);
        assertThat(only(result("thrpt", "ops/s", "1", "0", "\"\u00b7gc.alloc.rate.norm\":" + metric))
                        .allocBytesPerOp())
                .isEqualTo(96.0);
    }

    @Test
    void groupPartsAreTheSecondariesInThePrimaryUnit() throws IOException {
        String parts = "\"lookup\":{\"score\":3.0,\"scoreError\":0.5,\"scoreUnit\":\"ops/ms\"},"
                + "\"gc.count\":{\"score\":2.0,\"scoreError\":0,\"scoreUnit\":\"counts\"}";
        Measurement m = only(result("thrpt", "ops/ms", "4.0", "1.0", parts));
        assertThat(m.groupParts()).containsOnlyKeys("lookup");
        assertThat(m.groupParts().get("lookup").score()).isCloseTo(3000, within(1e-9));
    }

    @Test
    void otherModesAreKeptButNotThroughput() throws IOException {
        Measurement m = only(result("avgt", "us/op", "2.5", "0.1", ""));
        assertThat(m.isThroughput()).isFalse();
        assertThat(m.score()).isEqualTo(2.5);
    }

    @Test
    void fileThatIsNotAnArrayIsRefusedWithWhatWasExpected() throws IOException {
        Path f = dir.resolve("jmh.json");
        Files.writeString(f, "{\"benchmark\":\"x\"}");
        assertThatThrownBy(() -> JmhJson.read(f, Run.mapper()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-rf json");
    }

    @Test
    void unknownThroughputUnitIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> JmhJson.perSecondFactor("ops/fortnight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ops/ms");
    }
}
