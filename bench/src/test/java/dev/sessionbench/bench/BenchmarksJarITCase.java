package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionbench.bench.report.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of the packaged {@code benchmarks.jar} (run by failsafe after {@code package}): one short iteration
 * of one benchmark per store through JMH's own command line, and the run command's plan. Measures nothing; it
 * proves the jar starts, finds its benchmarks and every store, and writes JMH's JSON.
 */
class BenchmarksJarITCase {

    private static final List<String> STORES =
            List.of("memory", "mapdb", "mapdb-batched", "redis", "token", "token-revocable");

    private static Path jar() {
        Path jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
        assertThat(jar).as("the shaded jar; run this after package").exists();
        return jar;
    }

    /** Runs the jar with the space-separated {@code words}, then {@code more} as they are (paths), in {@code dir}. */
    private static Result java(Path dir, String words, String... more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // other JMH runs on the machine hold JMH's lock; a smoke run does not need it
                "-Djmh.ignoreLock=true",
                "-jar",
                jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(words.split(" ")));
        cmd.addAll(List.of(more));
        Path log = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("benchmarks.jar did not finish within 3 minutes:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {}

    @Test
    void jarRunsOneShortIterationOfALookupOnEveryStore(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("smoke.json");
        Result r = java(
                dir,
                "LookupBenchmark.lookupHit -p subject=" + String.join(",", STORES)
                        + " -p liveSessions=100 -f 1 -wi 0 -i 1 -r 100ms -foe true -rf json -rff",
                json.toString());
        assertThat(r.exit()).as("exit code; output:\n" + r.output()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        Set<String> measured = new HashSet<>();
        for (JsonNode row : rows) {
            assertThat(row.path("primaryMetric").path("score").asDouble())
                    .as("score of " + row)
                    .isPositive();
            measured.add(row.path("params").path("subject").asText());
        }
        assertThat(measured).containsExactlyInAnyOrderElementsOf(STORES);
    }

    /** The suite runs without a test framework: JUnit and AssertJ stay in the tests' own classpath. */
    @Test
    void jarShipsNoTestFramework() throws IOException {
        List<String> frameworks = List.of("org/junit/", "org/assertj/", "org/opentest4j/", "junit/");
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar().toFile())) {
            file.stream()
                    .map(JarEntry::getName)
                    .filter(name -> frameworks.stream().anyMatch(name::startsWith))
                    .limit(10)
                    .forEach(found::add);
        }
        assertThat(found).as("test-framework entries in benchmarks.jar").isEmpty();
    }

    @Test
    void jarMeasuresCpuPerOperationAndARedisLookupThroughTheProxyInAFork(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("cpu.json");
        Result r = java(
                dir,
                "LookupBenchmark.lookupHit -p subject=redis -p network=proxy-0us -p liveSessions=100 -f 1 -wi 1 -w 100ms -i 1 -r 200ms -foe true -prof dev.sessionbench.bench.profile.CpuProfiler -prof dev.sessionbench.bench.profile.RedisCpuProfiler -rf json -rff",
                json.toString());
        assertThat(r.exit()).as("exit code; output:\n" + r.output()).isZero();
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get(0);
        assertThat(row.path("params").path("network").asText()).isEqualTo("proxy-0us");
        assertThat(row.path("secondaryMetrics").path("cpu.per.op").path("score").asDouble())
                .isPositive();
        assertThat(row.path("secondaryMetrics")
                        .path("redis.cpu.per.op")
                        .path("score")
                        .asDouble())
                .isPositive();
        assertThat(r.output()).contains("network proxy-0us via proxy");
    }

    @Test
    void latencyCommandRunsAShortOpenLoop(@TempDir Path dir) throws Exception {
        Result r = java(
                dir,
                "latency -s memory -o mixed --rate 500 -t 2 --live-sessions 64 --warmup 100ms --duration 200ms --dir",
                dir.toString());
        assertThat(r.exit()).as("exit code; output:\n" + r.output()).isZero();
        JsonNode summary =
                new ObjectMapper().readTree(dir.resolve("latency.json").toFile());
        assertThat(summary.path("rows").get(0).path("operations").asLong()).isEqualTo(100);
        assertThat(summary.path("rows").get(0).path("intended").path("p99").asDouble())
                .isPositive();
        assertThat(dir.resolve(summary.path("rows").get(0).path("histogram").asText()))
                .exists();
    }

    @Test
    void jarListsItsBenchmarksThroughJmhsOwnCommandLine(@TempDir Path dir) throws Exception {
        Result r = java(dir, "-l");
        assertThat(r.exit()).isZero();
        for (Operation op : Operation.values()) {
            assertThat(r.output()).contains("." + op.method());
        }
    }

    @Test
    void runCommandPrintsThePlanOfBothProfiles(@TempDir Path dir) throws Exception {
        for (String profile : List.of("quick", "full", "comparisons")) {
            Result r = java(dir, "run --profile", profile, "--dry-run");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains(profile + " profile:").contains("LookupBenchmark.lookupHit");
        }
    }
}
