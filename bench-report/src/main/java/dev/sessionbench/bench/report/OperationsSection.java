package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.ReportRenderer.CHARTS_DIR;
import static dev.sessionbench.bench.report.Wording.countOrText;
import static dev.sessionbench.bench.report.Wording.describe;
import static dev.sessionbench.bench.report.Wording.describeParams;
import static dev.sessionbench.bench.report.Wording.fileName;
import static dev.sessionbench.bench.report.Wording.orNot;
import static dev.sessionbench.bench.report.Wording.paramTitle;
import static dev.sessionbench.bench.report.Wording.ratioCell;
import static dev.sessionbench.bench.report.Wording.refSuffix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** One section per operation: the fastest and slowest strategy, a bar chart and the full table. */
record OperationsSection(Run run, boolean png) {

    /** What each known operation does, as the benchmarks define it. */
    static final Map<String, String> OPERATIONS = Map.of(
            "create",
            "create a session, set one attribute, save it (a login), then end the oldest of the thread's last 1,024"
                    + " (a logout), so the live set stays flat; a subject that keeps no session only creates",
            "lookupHit",
            "find a live session by the value its client presents (counts as an access)",
            "lookupMiss",
            "find a well-formed value that names no session",
            "lookupMalformed",
            "find a malformed value, which must be rejected before any backend call",
            "accessAndSave",
            "a lookup, then one attribute changed among ten and the change saved",
            "changeId",
            "give a stored session a new ID (the defence against session fixation)",
            "invalidate",
            "log out: remove a stored session",
            "expiry",
            "sessions reclaimed per second when some of the live sessions have expired",
            "mixed",
            "request traffic of mixed operations (mostly lookups, some saves, creates and logouts)");

    void render(Markdown md, String op, Path charts) throws IOException {
        md.heading(3, op);
        List<Measurement> ms = run.of(op);
        Measurement.Config head = run.headline(op).orElseThrow();
        StringBuilder p = new StringBuilder(OPERATIONS.getOrDefault(op, "(no description)"));
        p.setCharAt(0, Character.toUpperCase(p.charAt(0)));
        p.append(". ");
        List<Measurement> strategies = ms.stream()
                .filter(m -> m.config().equals(head))
                .filter(m -> "strategy".equals(Run.kind(m.subject())))
                .sorted((a, b) -> Double.compare(b.score(), a.score()))
                .toList();
        if (!strategies.isEmpty()) {
            Measurement best = strategies.get(0);
            p.append("At ")
                    .append(describe(head))
                    .append(", the fastest strategy is ")
                    .append(code(best.subject()))
                    .append(" at ")
                    .append(Units.opsPerSecond(best.score()));
            double raw = run.ratioToRaw(best);
            if (Double.isFinite(raw)) {
                p.append(" (").append(Units.ratio(raw)).append(" of its raw limit)");
            }
            if (strategies.size() > 1) {
                Measurement worst = strategies.get(strategies.size() - 1);
                p.append(", the slowest ")
                        .append(code(worst.subject()))
                        .append(" at ")
                        .append(Units.opsPerSecond(worst.score()))
                        .append(", ")
                        .append(Units.sig(best.score() / worst.score()))
                        .append("× slower");
            }
            p.append('.');
        }
        md.paragraph(p.toString());
        barChart(md, op, head, charts);
        table(md, op, ms);
        groupParts(md, ms);
        ScalingSection scaling = new ScalingSection(run, png);
        scaling.threads(md, op, head, charts);
        scaling.liveSessions(md, op, head, charts);
    }

    void barChart(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<String> subjects = run.of(op).stream()
                .filter(m -> m.params().equals(head.params()))
                .map(Measurement::subject)
                .distinct()
                .sorted((a, b) -> Integer.compare(Run.subjectRank(a), Run.subjectRank(b)))
                .toList();
        List<Charts.Bars> series = new ArrayList<>();
        for (int t : run.threads(op)) {
            Measurement.Config c = new Measurement.Config(op, head.params(), t);
            List<Double> v = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (String s : subjects) {
                Optional<Measurement> m = run.find(s, c);
                v.add(m.map(Measurement::score).orElse(Double.NaN));
                e.add(m.map(Measurement::error).orElse(Double.NaN));
            }
            series.add(new Charts.Bars(t + " thread" + (t == 1 ? "" : "s"), v, e));
        }
        String name = Charts.bars(
                charts,
                fileName(op),
                op + ": throughput (" + describeParams(head.params()) + ")",
                Charts.THROUGHPUT_LOG_AXIS,
                subjects,
                series,
                png);
        md.picture(CHARTS_DIR, name, op + " throughput per subject and thread count, " + describeParams(head.params()));
    }

    void table(Markdown md, String op, List<Measurement> ms) {
        List<String> varying = run.varyingParams(op);
        Map<String, String> constant =
                new LinkedHashMap<>(run.headline(op).orElseThrow().params());
        varying.forEach(constant::remove);
        if (!describeParams(constant).isEmpty()) {
            md.paragraph("All rows: " + describeParams(constant) + ".");
        }
        List<String> header = new ArrayList<>(List.of("Subject", "Kind"));
        varying.forEach(v -> header.add(paramTitle(v)));
        header.addAll(List.of("Threads", "Throughput", "Error", "vs raw limit", "vs peer", "Allocation"));
        header.addAll(CPU_HEADER);
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : ms) {
            List<String> row = new ArrayList<>(List.of(code(m.subject()), Run.kind(m.subject())));
            varying.forEach(v -> row.add(
                    v.equals(Measurement.LIVE_SESSIONS)
                            ? countOrText(m.params().get(v))
                            : orNot(m.params().get(v))));
            row.add(String.valueOf(m.threads()));
            row.add(Units.opsPerSecondWithError(m.score(), m.error()));
            row.add("± " + Units.percent(m.error(), m.score()));
            row.add(ratioCell(run, m, true) + refSuffix(m.subject(), true));
            row.add(ratioCell(run, m, false) + refSuffix(m.subject(), false));
            row.add(Units.bytesPerOp(m.allocBytesPerOp()));
            row.addAll(cpuCells(m));
            rows.add(row);
        }
        md.table(header, rows);
    }

    /** The titles of the CPU columns of every table that shows a row's throughput. */
    static final List<String> CPU_HEADER = List.of("Client CPU", "Server CPU", "Cores per 10k ops/s");

    /**
     * Returns a row's client CPU per operation, its server's (Redis subjects; "—" for a subject without a server)
     * and the cores 10,000 operations per second keep busy (client + server); "n/a" for what was not measured.
     */
    static List<String> cpuCells(Measurement m) {
        boolean server = Run.catalog(m.subject())
                .map(s -> s.family() == Subject.Family.REDIS)
                .orElse(false);
        return List.of(
                Units.cpuPerOp(m.cpuNsPerOp() / 1000),
                server ? Units.cpuPerOp(m.serverCpuNsPerOp() / 1000) : Wording.NOT_DEFINED,
                Units.cores(m.coresPer10k()));
    }

    /** Returns the CPU of a row in one short line: "CPU 12.0 µs/op + 3.00 server, 0.150 cores per 10k ops/s". */
    static String cpuLine(Measurement m) {
        if (!Double.isFinite(m.cpuNsPerOp())) {
            return "CPU " + Units.NOT_AVAILABLE;
        }
        boolean server = Run.catalog(m.subject())
                .map(s -> s.family() == Subject.Family.REDIS)
                .orElse(false);
        return "CPU " + Units.cpuPerOp(m.cpuNsPerOp() / 1000)
                + (server
                        ? " + "
                                + (Double.isFinite(m.serverCpuNsPerOp())
                                        ? Units.sig(m.serverCpuNsPerOp() / 1000)
                                        : Units.NOT_AVAILABLE)
                                + " server"
                        : "")
                + ", " + Units.cores(m.coresPer10k()) + " cores per 10k ops/s";
    }

    void groupParts(Markdown md, List<Measurement> ms) {
        List<Measurement> grouped =
                ms.stream().filter(m -> !m.groupParts().isEmpty()).toList();
        if (grouped.isEmpty()) {
            return;
        }
        TreeSet<String> parts = new TreeSet<>();
        grouped.forEach(m -> parts.addAll(m.groupParts().keySet()));
        md.paragraph("Each part of the group, as JMH measured it within the same run:");
        List<String> header = new ArrayList<>(List.of("Subject", "Parameters", "Threads"));
        header.addAll(parts);
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : grouped) {
            List<String> row = new ArrayList<>(
                    List.of(code(m.subject()), describeParams(m.params()), String.valueOf(m.threads())));
            for (String part : parts) {
                Measurement.Part p = m.groupParts().get(part);
                row.add(p == null ? Units.NOT_AVAILABLE : Units.opsPerSecondWithError(p.score(), p.error()));
            }
            rows.add(row);
        }
        md.table(header, rows);
    }
}
