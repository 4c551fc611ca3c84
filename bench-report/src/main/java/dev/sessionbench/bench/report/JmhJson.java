package dev.sessionbench.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's {@code -rf json} output into {@link Measurement}s. Throughput is converted to ops/s from the unit JMH
 * wrote; the JMH settings of each result are kept verbatim for the report.
 */
public final class JmhJson {

    /** The subject parameter every sessionbench benchmark takes. */
    public static final String SUBJECT = "subject";

    private static final String GC_ALLOC_NORM = "gc.alloc.rate.norm";
    /**
     * The secondary result a CPU profiler writes: the benchmark process's CPU time over the measured iterations
     * divided by the operations, in {@value #CPU_UNIT}. The report's cores per 10,000 operations per second come
     * from it.
     */
    public static final String CPU_PER_OP = "cpu.per.op";
    /**
     * The unit {@link #CPU_PER_OP} is kept in; a result in {@code us/op} (as the suite's CpuProfiler writes) is
     * converted, and one in any other unit is ignored rather than misread.
     */
    public static final String CPU_UNIT = "ns/op";

    /** The secondary result of the Redis server's CPU per operation, for Redis subjects (us/op or ns/op). */
    public static final String REDIS_CPU_PER_OP = "redis.cpu.per.op";
    /** The secondary result of the client JVM's cores busy on average. */
    public static final String CPU_CORES = "cpu.cores";
    /** The secondary result of the Redis server's cores busy on average. */
    public static final String REDIS_CPU_CORES = "redis.cpu.cores";

    private final List<Measurement> measurements;
    private final List<String> settings;

    private JmhJson(List<Measurement> measurements, List<String> settings) {
        this.measurements = List.copyOf(measurements);
        this.settings = List.copyOf(settings);
    }

    /** Returns every result of the file, in file order. */
    public List<Measurement> measurements() {
        return measurements;
    }

    /** Returns each distinct set of JMH settings the results were run with, as JMH recorded them. */
    public List<String> settings() {
        return settings;
    }

    /** Returns the results of a JMH JSON file; throws {@link IllegalArgumentException} when it is not one. */
    public static JmhJson read(Path file, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(
                    file + " is not JMH JSON output: expected an array of results" + " (run JMH with -rf json)");
        }
        List<Measurement> out = new ArrayList<>();
        LinkedHashMap<String, Boolean> settings = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode r : root) {
            index++;
            String benchmark = text(r, "benchmark");
            JsonNode primary = r.get("primaryMetric");
            if (benchmark == null || primary == null) {
                throw new IllegalArgumentException(file + ": result " + index
                        + " has no 'benchmark' or 'primaryMetric'; is this JMH -rf json output?");
            }
            out.add(measurement(r, benchmark, primary));
            settings.put(settingsOf(r), Boolean.TRUE);
        }
        return new JmhJson(out, List.copyOf(settings.keySet()));
    }

    private static Measurement measurement(JsonNode r, String benchmark, JsonNode primary) {
        String mode = text(r, "mode");
        String unit = text(primary, "scoreUnit");
        double factor = Measurement.THROUGHPUT.equals(mode) ? perSecondFactor(unit) : 1;
        Map<String, String> params = new TreeMap<>();
        JsonNode p = r.get("params");
        if (p != null) {
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        String subject = params.remove(SUBJECT);
        // a run before the network parameter measured every subject directly: the same rows as network=direct
        params.putIfAbsent(Measurement.NETWORK, Measurement.DIRECT);
        String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        if (subject == null) {
            String cls = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
            subject = cls.substring(cls.lastIndexOf('.') + 1);
        }
        double alloc = Double.NaN;
        double cpu = Double.NaN;
        double serverCpu = Double.NaN;
        double cores = Double.NaN;
        double serverCores = Double.NaN;
        Map<String, Measurement.Part> parts = new TreeMap<>();
        JsonNode secondary = r.get("secondaryMetrics");
        if (secondary != null) {
            for (Map.Entry<String, JsonNode> e : secondary.properties()) {
                // JMH before 1.37 prefixed profiler metrics with a middle dot
                String name = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
                JsonNode m = e.getValue();
                if (name.equals(GC_ALLOC_NORM)) {
                    alloc = number(m.get("score"));
                } else if (name.equals(CPU_PER_OP)) {
                    cpu = cpuNanos(m);
                } else if (name.equals(REDIS_CPU_PER_OP)) {
                    serverCpu = cpuNanos(m);
                } else if (name.equals(CPU_CORES)) {
                    cores = number(m.get("score"));
                } else if (name.equals(REDIS_CPU_CORES)) {
                    serverCores = number(m.get("score"));
                } else if (!name.startsWith("gc.") && unit != null && unit.equals(text(m, "scoreUnit"))) {
                    // a @Group benchmark reports each of its methods as a secondary in the primary unit
                    parts.put(
                            name,
                            new Measurement.Part(
                                    number(m.get("score")) * factor, number(m.get("scoreError")) * factor));
                }
            }
        }
        return new Measurement(
                benchmark,
                operation,
                subject,
                params,
                r.path("threads").asInt(1),
                mode,
                number(primary.get("score")) * factor,
                number(primary.get("scoreError")) * factor,
                unit,
                alloc,
                parts,
                cpu,
                serverCpu,
                cores,
                serverCores);
    }

    /** Returns a CPU-per-operation result in ns/op, from ns/op or us/op; NaN in any other unit. */
    private static double cpuNanos(JsonNode m) {
        String cpuUnit = text(m, "scoreUnit");
        return CPU_UNIT.equals(cpuUnit)
                ? number(m.get("score"))
                : "us/op".equals(cpuUnit) || "\u00b5s/op".equals(cpuUnit) ? number(m.get("score")) * 1000 : Double.NaN;
    }

    /** Returns how many per second one per {@code unit} is: "ops/ms" gives 1000. */
    static double perSecondFactor(String unit) {
        if (unit == null || !unit.startsWith("ops/")) {
            throw new IllegalArgumentException("throughput unit '" + unit + "' is not ops/<time unit>");
        }
        return switch (unit.substring(4)) {
            case "ns" -> 1e9;
            case "us", "\u00b5s" -> 1e6;
            case "ms" -> 1e3;
            case "s" -> 1;
            case "min" -> 1.0 / 60;
            case "hr" -> 1.0 / 3600;
            case "day" -> 1.0 / 86400;
            default ->
                throw new IllegalArgumentException("throughput unit '" + unit
                        + "' is not one of ops/ns, ops/us, ops/ms, ops/s, ops/min, ops/hr, ops/day");
        };
    }

    private static String settingsOf(JsonNode r) {
        return String.format(
                Locale.ROOT,
                "JMH %s, %s %s; forks %s; warmup %s × %s (batch %s); measurement %s × %s" + " (batch %s); JVM args %s",
                text(r, "jmhVersion"),
                text(r, "vmName"),
                text(r, "vmVersion"),
                text(r, "forks"),
                text(r, "warmupIterations"),
                text(r, "warmupTime"),
                text(r, "warmupBatchSize"),
                text(r, "measurementIterations"),
                text(r, "measurementTime"),
                text(r, "measurementBatchSize"),
                r.has("jvmArgs") ? r.get("jvmArgs").toString() : "[]");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        // JMH writes NaN and infinities as strings
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
