package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.Wording.NOT_DEFINED;
import static dev.sessionbench.bench.report.Wording.describe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Allocation per operation and footprint per live session. */
record FootprintSection(Run run) {

    void allocation(Markdown md) {
        md.heading(2, "Allocation per operation");
        boolean any = run.measurements().stream().anyMatch(m -> Double.isFinite(m.allocBytesPerOp()));
        if (!any) {
            md.paragraph("Not measured: the run was made without JMH's `-prof gc`.");
            return;
        }
        md.paragraph("Bytes allocated on the heap per operation (JMH `-prof gc`, `gc.alloc.rate.norm`), at each"
                + " operation's headline configuration: "
                + run.operations().stream()
                        .map(op -> code(op) + " " + describe(run.headline(op).orElseThrow()))
                        .collect(Collectors.joining("; "))
                + ".");
        List<String> header = new ArrayList<>(List.of("Subject"));
        header.addAll(run.operations());
        List<List<String>> rows = new ArrayList<>();
        for (String s : run.subjects()) {
            List<String> row = new ArrayList<>(List.of(code(s)));
            for (String op : run.operations()) {
                row.add(run.headlineOf(op, s)
                        .map(m -> Units.bytesPerOp(m.allocBytesPerOp()))
                        .orElse(Units.NOT_AVAILABLE));
            }
            rows.add(row);
        }
        md.table(header, rows);
    }

    /** Footprint metrics in reading order, with their column titles. */
    static final Map<String, String> FOOTPRINT_METRICS = footprintMetrics();

    static Map<String, String> footprintMetrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("heapBytesPerSession", "heap");
        m.put("fileBytesPerSession", "file");
        m.put("redisUsedMemoryPerSession", "Redis `used_memory`");
        m.put("redisMemoryUsagePerSession", "Redis `MEMORY USAGE`");
        m.put("tokenBytes", "token");
        m.put("cookieBytes", "cookie");
        return m;
    }

    void footprint(Markdown md) {
        md.heading(2, "Footprint per live session");
        List<String> subjects = run.footprintSubjects();
        if (subjects.isEmpty()) {
            md.paragraph("Not measured in this run.");
            return;
        }
        md.paragraph("Measured outside JMH by the run command, per live session: heap bytes for in-memory stores, file"
                + " bytes for MapDB, Redis memory (the `used_memory` delta per session and `MEMORY USAGE` of one key)"
                + " and the size of a token and of the cookie carrying it.");
        TreeSet<String> keys = new TreeSet<>((a, b) -> {
            int c = Integer.compare(metricRank(a), metricRank(b));
            return c != 0 ? c : payloadOrder(a).compareTo(payloadOrder(b));
        });
        subjects.forEach(s -> keys.addAll(run.footprint(s).keySet()));
        List<String> header = new ArrayList<>(List.of("Subject"));
        keys.forEach(k -> header.add(metricTitle(k)));
        List<List<String>> rows = new ArrayList<>();
        for (String s : subjects) {
            List<String> row = new ArrayList<>(List.of(code(s)));
            for (String k : keys) {
                Double v = run.footprint(s).get(k);
                row.add(v == null ? NOT_DEFINED : Units.bytes(v));
            }
            rows.add(row);
        }
        md.table(header, rows);
    }

    static int metricRank(String key) {
        int i = new ArrayList<>(FOOTPRINT_METRICS.keySet()).indexOf(metric(key));
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    static String payloadOrder(String key) {
        String p = key.contains(".") ? key.substring(key.indexOf('.') + 1) : "";
        return (p.equals("small") ? "0" : p.equals("large") ? "1" : "2") + p + key;
    }

    static String metric(String key) {
        return key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    }

    static String metricTitle(String key) {
        String p = key.contains(".") ? key.substring(key.indexOf('.') + 1) : "";
        return FOOTPRINT_METRICS.getOrDefault(metric(key), metric(key)) + (p.isEmpty() ? "" : " (" + p + ")");
    }
}
