package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidanceTest {

    @TempDir
    Path dir;

    /** A copy of the committed run {@code run-a}, for the test to change. */
    private Path run;

    @BeforeEach
    void copyRun() throws IOException {
        run = Fixtures.copy("run-a", dir.resolve("run"));
    }

    /** Renders the copy of run-a as it is now and returns its README's text. */
    private String render() throws IOException {
        return Fixtures.render(run);
    }

    private static ArrayNode results(Path run) throws IOException {
        return (ArrayNode) Run.mapper().readTree(run.resolve(Run.JMH_JSON).toFile());
    }

    private static void write(Path run, ArrayNode results) throws IOException {
        Run.mapper().writeValue(run.resolve(Run.JMH_JSON).toFile(), results);
    }

    /** Returns the JMH results of {@code operation} that {@code where} accepts, in file order. */
    private static List<JsonNode> resultsOf(ArrayNode results, String operation, Predicate<JsonNode> where) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode r : results) {
            if (r.get("benchmark").asText().endsWith("." + operation) && where.test(r)) {
                found.add(r);
            }
        }
        return found;
    }

    private static String subject(JsonNode result) {
        return result.get("params").get("subject").asText();
    }

    /** Gives a JMH result the CPU profiler's per-operation secondary result. */
    private static void putCpuPerOp(JsonNode result, double score, double error, String unit) {
        SyntheticRun.secondary((ObjectNode) result.get("secondaryMetrics"), JmhJson.CPU_PER_OP, score, error, unit);
    }

    /** Returns the CPU per operation the report read for the first of the measurements of {@code subject}. */
    private static double cpuNsPerOp(List<Measurement> measurements, String subject) {
        return measurements.stream()
                .filter(m -> m.subject().equals(subject))
                .findFirst()
                .orElseThrow()
                .cpuNsPerOp();
    }

    @Test
    void coresPerTenThousandRequestsComeFromTheCpuProfilersResultAndAreNotMeasuredWithoutIt() throws IOException {
        assertThat(render())
                .contains("Cores per 10,000 requests per second of the `mixed` workload: not measured"
                        + " (this run has no `cpu.per.op` result).");
        ArrayNode results = results(run);
        resultsOf(results, "mixed", r -> subject(r).equals("memory"))
                .forEach(r -> putCpuPerOp(r, 50_000.0, 1_000.0, JmhJson.CPU_UNIT));
        write(run, results);
        assertThat(cpuNsPerOp(Run.load(run).of("mixed"), "memory")).isEqualTo(50_000.0);
        // 50 us of CPU per request: 10,000 requests a second take half a core
        assertThat(render())
                .contains("Cores per 10,000 requests per second of the `mixed` workload")
                .contains("): `memory` " + Units.sig(0.5) + " (");
    }

    @Test
    void cpuPerOperationInMicrosecondsAsTheSuitesProfilerWritesItIsReadAsNanosecondsAndOtherUnitsAreIgnored()
            throws IOException {
        ArrayNode results = results(run);
        resultsOf(results, "mixed", r -> subject(r).equals("memory")).forEach(r -> putCpuPerOp(r, 70.0, 1.0, "us/op"));
        resultsOf(results, "mixed", r -> subject(r).equals("redis")).forEach(r -> putCpuPerOp(r, 70.0, 1.0, "ms/op"));
        write(run, results);
        List<Measurement> mixed = Run.load(run).of("mixed");
        assertThat(cpuNsPerOp(mixed, "memory")).isEqualTo(70_000.0);
        assertThat(cpuNsPerOp(mixed, "redis"))
                .as("a unit the report does not know is not misread")
                .isNaN();
        // 70 us of CPU per request: 10,000 requests a second take 0.7 of a core
        String cores = render().lines()
                .filter(l -> l.contains("Cores per 10,000 requests"))
                .findFirst()
                .orElseThrow();
        assertThat(cores).contains("): `memory` " + Units.sig(0.7) + " (").doesNotContain("`redis`");
    }

    @Test
    void saturationIsThePeakOfTheThreadSweepAndTheChartDrawsIt() throws IOException {
        assertThat(render())
                .contains("Where `lookupHit` saturates on this machine: n/a (not measured at three or"
                        + " more thread counts).");
        ArrayNode results = results(run);
        List<JsonNode> added = new ArrayList<>();
        for (JsonNode r : resultsOf(results, "lookupHit", r -> r.get("threads").asInt() == 2)) {
            ObjectNode copy = r.deepCopy();
            copy.put("threads", 8);
            ObjectNode p = (ObjectNode) copy.get("primaryMetric");
            p.put("score", p.get("score").asDouble() / 2);
            added.add(copy);
        }
        assertThat(added).isNotEmpty();
        added.forEach(results::add);
        write(run, results);
        String report = render();
        String memory = report.lines()
                .filter(l -> l.contains("Where `lookupHit` saturates"))
                .findFirst()
                .orElseThrow();
        assertThat(memory)
                .contains("`redis` peaks at 2 threads (129 k ops/s), 0.500× of that at 8")
                .contains("`memory` peaks at 1 thread");
        assertThat(run.resolve("charts/threads-lookupHit-light.svg")).exists();
        assertThat(report).contains("How `lookupHit` throughput changes with the number of threads");
    }

    @Test
    void crashSafeSavesAreSetAgainstTheFsyncFloorWhenItWasMeasured() throws IOException {
        assertThat(render()).contains("Crash-safe saves against the disk's fsync rate: n/a");
        ArrayNode results = results(run);
        List<JsonNode> added = new ArrayList<>();
        for (JsonNode r : resultsOf(
                results,
                "create",
                r -> r.get("threads").asInt() == 1
                        && r.get("params").get("payload").asText().equals("small")
                        && subject(r).equals("memory"))) {
            ObjectNode safe = r.deepCopy();
            ((ObjectNode) safe.get("params")).put("subject", "mapdb");
            ((ObjectNode) safe.get("primaryMetric")).put("score", 600.0).put("scoreError", 6.0);
            ObjectNode fsync = r.deepCopy();
            ((ObjectNode) fsync.get("params")).put("subject", "raw-fsync");
            ((ObjectNode) fsync.get("primaryMetric")).put("score", 1200.0).put("scoreError", 12.0);
            added.add(safe);
            added.add(fsync);
        }
        assertThat(added).hasSize(2);
        added.forEach(results::add);
        write(run, results);
        assertThat(render())
                .contains("A crash-safe save cannot beat the disk's fsync: `mapdb` `create` makes")
                .contains("**" + Units.ratio(0.5) + "** of the floor");
    }

    @Test
    void singleThreadRatiosAreLabelledAsLatency() throws IOException {
        assertThat(render()).contains("Latency at one thread, not capacity: a Redis lookup is **");
    }
}
