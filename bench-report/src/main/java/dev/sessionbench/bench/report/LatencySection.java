package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.ReportRenderer.CHARTS_DIR;
import static dev.sessionbench.bench.report.Wording.fileName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * "Latency under load, open loop": the rows of {@code latency.json}, per operation a table of the intended-start
 * percentiles beside the service-time p99 a closed loop would show, a percentile-distribution chart per load from
 * the {@code .hgrm} files, and p99 against the achieved rate.
 */
record LatencySection(Run run, boolean png) {

    /** The load every subject is offered at the same absolute rate. */
    static final String FIXED = "fixed";

    /** Returns the rows in reading order: operation, network, threads, load, subject. */
    static List<LatencySummary.Row> rows(Run run) {
        return run.latency().map(LatencySummary::rows).orElse(List.of()).stream()
                .sorted(Comparator.comparing((LatencySummary.Row r) -> Run.operationRank(r.operation()))
                        .thenComparing(LatencySummary.Row::operation)
                        .thenComparing(r -> Measurement.DIRECT.equals(network(r)) ? "" : network(r))
                        .thenComparingInt(LatencySummary.Row::threads)
                        .thenComparing(r -> loadRank(r.load()))
                        .thenComparing(r -> Run.subjectRank(r.subject()))
                        .thenComparing(LatencySummary.Row::subject))
                .toList();
    }

    static String network(LatencySummary.Row r) {
        return r.network() == null ? Measurement.DIRECT : r.network();
    }

    /** Orders "fixed" first, then percentages ascending, then anything else as text. */
    static String loadRank(String load) {
        if (load == null) {
            return "~";
        }
        if (FIXED.equals(load)) {
            return "0";
        }
        if (load.endsWith("%")) {
            try {
                return String.format(java.util.Locale.ROOT, "1%08.2f", Double.parseDouble(load.replace("%", "")));
            } catch (NumberFormatException e) {
                return "2" + load;
            }
        }
        return "2" + load;
    }

    void render(Markdown md, Path charts) throws IOException {
        if (run.latency().isEmpty() && run.latencyProblem() == null) {
            return;
        }
        md.heading(2, "Latency under load, open loop");
        if (run.latency().isEmpty()) {
            md.paragraph("Not shown: " + run.latencyProblem() + ".");
            return;
        }
        List<LatencySummary.Row> rows = rows(run);
        if (rows.isEmpty()) {
            md.paragraph("`latency.json` holds no rows.");
            return;
        }
        md.paragraph("Requests are issued on a fixed schedule whatever the store's speed (an open loop), so a slow"
                + " request delays the ones queued behind it as a user would see. *p50* to *max* are measured from each"
                + " request's **intended** start, queueing included; *service p99* from its actual start, which is what"
                + " a closed-loop benchmark would report. The load is `fixed` (the same absolute rate for every"
                + " subject) or a share of the subject's own closed-loop maximum at that thread count. A row that"
                + " could not keep up (under 95 % of the offered rate achieved, or scheduled requests left unissued)"
                + " or had failures is flagged. CPU is the"
                + " client JVM's per request, and the Redis server's for Redis subjects.");
        Map<String, List<LatencySummary.Row>> byOp = new LinkedHashMap<>();
        rows.forEach(
                r -> byOp.computeIfAbsent(r.operation(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<LatencySummary.Row>> e : byOp.entrySet()) {
            operation(md, e.getKey(), e.getValue(), charts);
        }
        md.paragraph("The histograms are beside `latency.json` in the run's folder: for each row its intended-start"
                + " and service-time percentile distributions (`latency/*.intended.hgrm`, `latency/*.service.hgrm`,"
                + " microseconds, HdrHistogram's percentile-distribution text: drop them on HdrHistogram's plotter"
                + " to re-plot) and both histograms in one HdrHistogram log (`latency/*.hlog`, nanoseconds, tagged"
                + " `intended` and `service`; `HistogramLogProcessor` reads it).");
    }

    private void operation(Markdown md, String op, List<LatencySummary.Row> rows, Path charts) throws IOException {
        md.heading(3, op + " under load");
        boolean networks = rows.stream().anyMatch(r -> !Measurement.DIRECT.equals(network(r)));
        List<String> header = new ArrayList<>(List.of("Subject"));
        if (networks) {
            header.add("Network");
        }
        header.addAll(List.of(
                "Threads",
                "Load",
                "Offered/s",
                "Achieved/s",
                "p50",
                "p90",
                "p99",
                "p99.9",
                "max",
                "Service p99",
                "Client CPU",
                "Server CPU",
                "Kept up?"));
        List<List<String>> table = new ArrayList<>();
        for (LatencySummary.Row r : rows) {
            List<String> row = new ArrayList<>(List.of(code(r.subject())));
            if (networks) {
                row.add(network(r));
            }
            LatencySummary.Percentiles i = r.intended();
            LatencySummary.Percentiles s = r.service();
            row.addAll(List.of(
                    String.valueOf(r.threads()),
                    Wording.orNot(r.load()),
                    rate(r.offeredRate()),
                    rate(r.achievedRate()),
                    Units.micros(i == null ? Double.NaN : i.p50()),
                    Units.micros(i == null ? Double.NaN : i.p90()),
                    Units.micros(i == null ? Double.NaN : i.p99()),
                    Units.micros(i == null ? Double.NaN : i.p999()),
                    Units.micros(i == null ? Double.NaN : i.max()),
                    Units.micros(s == null ? Double.NaN : s.p99()),
                    Units.cpuPerOp(orNaN(r.cpuMicrosPerOperation())),
                    serverCpu(r),
                    keptUp(r)));
            table.add(row);
        }
        md.table(header, table);
        distributions(md, op, rows, charts);
        againstLoad(md, op, rows, charts);
    }

    /** Returns a load in words: "the fixed common rate", "50% of each subject's maximum". */
    static String loadWords(String load) {
        return FIXED.equals(load)
                ? "the fixed common rate"
                : load.endsWith("%") ? load + " of each subject's maximum" : "load " + load;
    }

    static String rate(double perSecond) {
        return Double.isFinite(perSecond) ? Units.opsPerSecond(perSecond) : Units.NOT_AVAILABLE;
    }

    static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    static String serverCpu(LatencySummary.Row r) {
        boolean server = Run.catalog(r.subject())
                .map(x -> x.family() == Subject.Family.REDIS)
                .orElse(false);
        return server ? Units.cpuPerOp(orNaN(r.serverCpuMicrosPerOperation())) : Wording.NOT_DEFINED;
    }

    /**
     * The share of the offered rate a run must achieve to count as keeping up: below it the schedule ran ahead of
     * the requests, and the latencies grow with the run's length rather than with the store.
     */
    static final double KEPT_UP_SHARE = 0.95;

    /** Returns "yes", or what went wrong: the achieved rate behind the offered one, unissued requests, failures. */
    static String keptUp(LatencySummary.Row r) {
        List<String> problems = new ArrayList<>();
        if (r.unissued() > 0) {
            problems.add("could not keep up: " + Units.count(r.unissued()) + " unissued");
        } else if (r.offeredRate() > 0 && r.achievedRate() < KEPT_UP_SHARE * r.offeredRate()) {
            problems.add(String.format(
                    Locale.ROOT,
                    "could not keep up: achieved %.0f %% of the offered rate",
                    100 * r.achievedRate() / r.offeredRate()));
        }
        if (r.failures() > 0) {
            problems.add(Units.count(r.failures()) + " failures");
        }
        return problems.isEmpty() ? "yes" : "**no**: " + String.join(", ", problems);
    }

    /** Returns the label of a row's line in a chart: its subject, with network and threads when they vary. */
    private static String lineName(LatencySummary.Row r, boolean networks, boolean threads) {
        return r.subject() + (networks ? " " + network(r) : "") + (threads ? " " + r.threads() + "t" : "");
    }

    private void distributions(Markdown md, String op, List<LatencySummary.Row> rows, Path charts) throws IOException {
        Map<String, List<LatencySummary.Row>> byLoad = new LinkedHashMap<>();
        rows.forEach(r -> byLoad.computeIfAbsent(Objects.toString(r.load(), "?"), k -> new ArrayList<>())
                .add(r));
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<LatencySummary.Row>> e : byLoad.entrySet()) {
            List<LatencySummary.Row> group = e.getValue();
            boolean networks =
                    group.stream().map(LatencySection::network).distinct().count() > 1;
            boolean threads =
                    group.stream().map(LatencySummary.Row::threads).distinct().count() > 1;
            List<Charts.Line> lines = new ArrayList<>();
            for (LatencySummary.Row r : group) {
                List<Hgrm.Point> points = histogram(r, missing);
                if (points.isEmpty()) {
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (Hgrm.Point p : points) {
                    // 1/(1-p) is infinite at the maximum, and a log axis has no place for a zero latency
                    if (p.percentile() < 1 && p.value() > 0) {
                        x.add(1 / (1 - p.percentile()));
                        y.add(p.value());
                        err.add(0.0);
                    }
                }
                if (!x.isEmpty()) {
                    lines.add(new Charts.Line(lineName(r, networks, threads), r.subject(), x, y, err));
                }
            }
            if (lines.isEmpty()) {
                continue;
            }
            String load = e.getKey();
            String name = Charts.lines(
                    charts,
                    "latency-" + fileName(op) + "-" + fileName(load.replace("%", "pct")),
                    op + ": latency by percentile, " + loadWords(load) + " (intended start, open loop)",
                    "percentile (log scale of 1/(1-p))",
                    "latency, µs (log scale)",
                    lines,
                    png,
                    Charts::percentileTick,
                    false);
            md.picture(CHARTS_DIR, name, op + " latency percentile distribution per subject, " + loadWords(load));
        }
        if (!missing.isEmpty()) {
            md.paragraph("Histograms not drawn: " + String.join("; ", missing) + ".");
        }
    }

    /** Returns a row's intended-start percentiles from its {@code .hgrm} file, or none (saying why in missing). */
    private List<Hgrm.Point> histogram(LatencySummary.Row r, List<String> missing) {
        if (r.histogram() == null) {
            missing.add(code(r.subject()) + " " + Objects.toString(r.load(), "?") + ": no histogram named");
            return List.of();
        }
        Path file = run.dir().resolve(r.histogram());
        if (!Files.isRegularFile(file)) {
            missing.add(code(r.histogram()) + " is not in the run's folder");
            return List.of();
        }
        try {
            return Hgrm.read(file);
        } catch (IOException e) {
            missing.add(code(r.histogram()) + " could not be read (" + e.getMessage() + ")");
            return List.of();
        }
    }

    private void againstLoad(Markdown md, String op, List<LatencySummary.Row> rows, Path charts) throws IOException {
        boolean networks = rows.stream().map(LatencySection::network).distinct().count() > 1;
        boolean threads =
                rows.stream().map(LatencySummary.Row::threads).distinct().count() > 1;
        Map<String, List<LatencySummary.Row>> byLine = new LinkedHashMap<>();
        rows.forEach(r -> byLine.computeIfAbsent(lineName(r, networks, threads), k -> new ArrayList<>())
                .add(r));
        List<Charts.Line> lines = new ArrayList<>();
        for (Map.Entry<String, List<LatencySummary.Row>> e : byLine.entrySet()) {
            List<LatencySummary.Row> points = e.getValue().stream()
                    .filter(r -> r.intended() != null
                            && r.achievedRate() > 0
                            && r.intended().p99() > 0)
                    .sorted(Comparator.comparingDouble(LatencySummary.Row::achievedRate))
                    .toList();
            if (points.isEmpty()) {
                continue;
            }
            lines.add(new Charts.Line(
                    e.getKey(),
                    points.get(0).subject(),
                    points.stream().map(LatencySummary.Row::achievedRate).toList(),
                    points.stream().map(r -> r.intended().p99()).toList(),
                    points.stream().map(r -> 0.0).toList()));
        }
        if (lines.stream().noneMatch(l -> l.x().size() >= 2)) {
            return;
        }
        String name = Charts.lines(
                charts,
                "latency-load-" + fileName(op),
                op + ": p99 against achieved rate",
                "achieved requests/s (log scale)",
                "p99 latency, µs (log scale)",
                lines,
                png);
        md.paragraph("How " + code(op) + "'s p99 (intended start) grows with the load each subject achieved:");
        md.picture(CHARTS_DIR, name, op + " p99 latency against achieved rate per subject");
    }
}
