package dev.sessionbench.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A small run folder written by a test: JMH rows with the network parameter and the CPU profilers' secondary
 * results, an environment with notes, and a {@code latency.json} with real HdrHistogram {@code .hgrm} files.
 */
final class SyntheticRun {

    private final ArrayNode results = Run.mapper().createArrayNode();
    private final List<LatencySummary.Row> latency = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Path dir;
    private String profile = "full";

    SyntheticRun(Path dir) {
        this.dir = dir;
    }

    /** Adds a throughput row; a NaN CPU figure is left out, as a run without that profiler writes it. */
    SyntheticRun row(
            String op,
            String subject,
            int threads,
            String network,
            double opsPerSecond,
            double cpuUs,
            double redisCpuUs) {
        ObjectNode r = results.addObject();
        r.put("benchmark", "dev.sessionbench.bench.Bench." + op);
        r.put("mode", "thrpt");
        r.put("threads", threads);
        r.put("forks", 1);
        ObjectNode params = r.putObject("params");
        params.put("subject", subject);
        params.put("liveSessions", "1000");
        params.put("payload", "small");
        if (network != null) {
            params.put("network", network);
        }
        ObjectNode primary = r.putObject("primaryMetric");
        primary.put("score", opsPerSecond);
        primary.put("scoreError", opsPerSecond / 100);
        primary.put("scoreUnit", "ops/s");
        ObjectNode secondary = r.putObject("secondaryMetrics");
        if (Double.isFinite(cpuUs)) {
            secondary(secondary, JmhJson.CPU_PER_OP, cpuUs, 0.1, "us/op");
            secondary(secondary, JmhJson.CPU_CORES, 1.5, 0.1, "cores");
        }
        if (Double.isFinite(redisCpuUs)) {
            secondary(secondary, JmhJson.REDIS_CPU_PER_OP, redisCpuUs, 0.1, "us/op");
            secondary(secondary, JmhJson.REDIS_CPU_CORES, 0.5, 0.1, "cores");
        }
        return this;
    }

    /** Adds a JMH secondary result to a row's {@code secondaryMetrics}, as a profiler writes it. */
    static void secondary(ObjectNode secondaryMetrics, String name, double score, double error, String unit) {
        secondaryMetrics
                .putObject(name)
                .put("score", score)
                .put("scoreError", error)
                .put("scoreUnit", unit);
    }

    /** Returns a one-thread {@code lookupHit} result of the memory store, without allocation or CPU figures. */
    static Measurement memoryLookupHit(double score, double error) {
        return new Measurement(
                "dev.sessionbench.bench.LookupBenchmark.lookupHit",
                "lookupHit",
                "memory",
                Map.of(),
                1,
                "thrpt",
                score,
                error,
                "ops/s",
                Double.NaN,
                Map.of(),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    SyntheticRun profile(String name) {
        profile = name;
        return this;
    }

    SyntheticRun note(String note) {
        notes.add(note);
        return this;
    }

    /**
     * Adds an open-loop row whose intended-start latencies are spread evenly from 0 to {@code maxUs} (so its p99 is
     * about 0.99 of it), and writes its {@code .hgrm} files.
     */
    SyntheticRun latency(
            String op,
            String subject,
            String load,
            double offered,
            double achieved,
            double maxUs,
            long unissued,
            long failures)
            throws IOException {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 10_000; i++) {
            h.recordValue(Math.round(maxUs * 1000 * i / 10_000));
        }
        String name = subject + "-" + op + "-" + load.replace("%", "pct");
        Path latencyDir = dir.resolve("latency");
        Files.createDirectories(latencyDir);
        for (String kind : List.of("intended", "service")) {
            try (PrintStream out = new PrintStream(
                    Files.newOutputStream(latencyDir.resolve(name + "." + kind + ".hgrm")),
                    false,
                    StandardCharsets.UTF_8)) {
                h.outputPercentileDistribution(out, 5, 1000.0);
            }
        }
        LatencySummary.Percentiles intended =
                new LatencySummary.Percentiles(maxUs / 2, maxUs * 0.9, maxUs * 0.99, maxUs * 0.999, maxUs, maxUs / 2);
        LatencySummary.Percentiles service =
                new LatencySummary.Percentiles(maxUs / 4, maxUs * 0.45, maxUs * 0.5, maxUs * 0.6, maxUs, maxUs / 4);
        boolean redis = subject.startsWith("redis");
        latency.add(new LatencySummary.Row(
                subject,
                op,
                "direct",
                32,
                load,
                offered,
                load.endsWith("%") ? 10_000.0 : null,
                achieved,
                1000,
                unissued,
                failures,
                1,
                1,
                intended,
                service,
                40.0,
                0.4,
                redis ? 12.0 : null,
                "latency/" + name + ".intended.hgrm",
                "latency/" + name + ".service.hgrm",
                "latency/" + name + ".hlog"));
        return this;
    }

    /** Writes jmh.json, environment.json and (when it has rows) latency.json; returns the folder. */
    Path write() throws IOException {
        Files.createDirectories(dir);
        Run.mapper().writeValue(dir.resolve(Run.JMH_JSON).toFile(), results);
        ObjectNode env = Run.mapper().createObjectNode();
        env.put("date", "2026-12-01");
        env.put("machine", "vm");
        env.put("profile", profile);
        env.put("cores", 2);
        env.put("gitCommit", "abc123");
        env.set("notes", Run.mapper().valueToTree(notes));
        Run.mapper().writeValue(dir.resolve(Run.ENVIRONMENT_JSON).toFile(), env);
        if (!latency.isEmpty()) {
            LatencySummary.of(latency).write(dir);
        }
        return dir;
    }

    /**
     * The run the load tests render: memory, redis and its references at 1, 32 and 128 threads, the Redis subjects
     * through proxy-0us, rtt-200us and rtt-1ms, redis-cluster at 1 and 32 threads, and open-loop rows of memory and
     * redis.
     */
    static SyntheticRun standard(Path dir) throws IOException {
        SyntheticRun s = new SyntheticRun(dir);
        for (String op : List.of("lookupHit", "mixed")) {
            s.row(op, "memory", 1, "direct", 1_000_000, 5, Double.NaN)
                    .row(op, "memory", 32, "direct", 1_500_000, 4, Double.NaN)
                    .row(op, "memory", 128, "direct", 1_550_000, 4, Double.NaN)
                    // no CPU profiler for this one: its CPU cells must read n/a
                    .row(op, "raw-chm", 1, "direct", 3_000_000, Double.NaN, Double.NaN);
            for (String subject : List.of("redis", "raw-lettuce", "spring-redis")) {
                s.row(op, subject, 1, "direct", 100_000, 20, 10)
                        .row(op, subject, 1, "proxy-0us", 90_000, 25, 10)
                        .row(op, subject, 1, "rtt-200us", 5_000, 30, 11)
                        .row(op, subject, 1, "rtt-1ms", 1_234, 35, 12)
                        .row(op, subject, 32, "direct", 200_000, 15, 8)
                        .row(op, subject, 128, "direct", 210_000, 14, 9)
                        .row(op, subject, 128, "rtt-1ms", 105_000, 16, 9);
            }
            s.row(op, "redis-cluster", 1, "direct", 80_000, 25, 15)
                    .row(op, "redis-cluster", 32, "direct", 150_000, 20, 12);
        }
        s.note("network rtt-1ms via netem to redis://127.0.0.1:6379");
        s.latency("lookupHit", "memory", "fixed", 5000, 5000, 100, 0, 0)
                .latency("lookupHit", "redis", "fixed", 5000, 4990, 2000, 0, 0)
                .latency("lookupHit", "memory", "50%", 500_000, 499_000, 300, 0, 0)
                .latency("lookupHit", "redis", "50%", 100_000, 99_000, 4000, 0, 0)
                .latency("lookupHit", "redis", "90%", 180_000, 150_000, 50_000, 12_345, 3)
                .latency("mixed", "memory", "fixed", 5000, 5000, 150, 0, 0)
                .latency("mixed", "redis", "fixed", 5000, 5000, 3000, 0, 0);
        return s;
    }
}
