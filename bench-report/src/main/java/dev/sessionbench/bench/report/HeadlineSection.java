package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.ReportRenderer.HEADLINE_OPERATIONS;
import static dev.sessionbench.bench.report.Wording.ratioCell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The headline table: each strategy's throughput and its ratios at each headline operation. */
record HeadlineSection(Run run) {

    void render(Markdown md) {
        md.heading(2, "Headline");
        List<String> ops =
                HEADLINE_OPERATIONS.stream().filter(op -> !run.of(op).isEmpty()).toList();
        if (ops.isEmpty()) {
            md.paragraph("None of the headline operations (" + String.join(", ", HEADLINE_OPERATIONS)
                    + ") was measured in this run.");
            return;
        }
        md.paragraph(headlineCaption(run, ops));
        md.table(headlineHeader(ops), headlineRows(run, ops));
        md.paragraph(headlineErrors(run, ops));
    }

    /** The widest 99.9 % interval, as a share of the score, that the headline promises for its numbers. */
    static final double HEADLINE_ERROR_GOAL = 0.05;

    /**
     * Returns the sentence on the errors of the headline's throughputs: the widest one, and every number whose
     * 99.9 % interval is wider than {@link #HEADLINE_ERROR_GOAL} of its score.
     */
    static String headlineErrors(Run run, List<String> ops) {
        List<Measurement> cells = new ArrayList<>();
        for (String subject : run.subjects()) {
            if ("strategy".equals(Run.kind(subject))) {
                ops.forEach(op -> run.headlineOf(op, subject).ifPresent(cells::add));
            }
        }
        if (cells.isEmpty()) {
            return "No strategy was measured at the headline configurations.";
        }
        Comparator<Measurement> byShare = Comparator.comparingDouble(m -> errorShare(m));
        Measurement widest = cells.stream().max(byShare).orElseThrow();
        String widestText = code(widest.subject()) + " " + code(widest.operation()) + ", ± "
                + Units.percent(widest.error(), widest.score());
        List<String> over = cells.stream()
                .filter(m -> !(errorShare(m) <= HEADLINE_ERROR_GOAL))
                .sorted(byShare.reversed())
                .map(m -> code(m.subject()) + " " + code(m.operation()) + " ± " + Units.percent(m.error(), m.score()))
                .toList();
        String goal = Units.percent(HEADLINE_ERROR_GOAL, 1);
        if (over.isEmpty()) {
            return "Each of these " + cells.size() + " throughputs is known to within ± " + goal + " (JMH's 99.9 % "
                    + "confidence interval); the widest is " + widestText + ".";
        }
        return over.size() + " of these " + cells.size() + " throughputs have a 99.9 % confidence interval wider than"
                + " ± " + goal + " of their score: " + String.join("; ", over) + ". Read them as a range, not a point.";
    }

    static double errorShare(Measurement m) {
        return m.score() == 0 || !Double.isFinite(m.error()) ? Double.POSITIVE_INFINITY : m.error() / m.score();
    }

    /** Returns the sentence saying at which configuration each headline column was taken. */
    static String headlineCaption(Run run, List<String> ops) {
        return "Each strategy's throughput, then its ratio to the raw limit of its backend and to its peer library, and"
                + " its CPU per operation (the benchmark process's, plus the Redis server's for Redis) with the cores"
                + " 10,000 operations per second keep busy, at "
                + ops.stream()
                        .map(op -> code(op) + ": "
                                + run.headline(op).map(Wording::describe).orElse(Units.NOT_AVAILABLE))
                        .collect(Collectors.joining("; "))
                + ".";
    }

    static List<String> headlineHeader(List<String> ops) {
        List<String> header = new ArrayList<>(List.of("Strategy"));
        header.addAll(ops);
        return header;
    }

    /** Returns one row per measured strategy: throughput and ratios at each operation's headline configuration. */
    static List<List<String>> headlineRows(Run run, List<String> ops) {
        List<List<String>> rows = new ArrayList<>();
        for (String subject : run.subjects()) {
            if (!"strategy".equals(Run.kind(subject))) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(code(subject)));
            for (String op : ops) {
                row.add(run.headlineOf(op, subject)
                        .map(m -> Units.opsPerSecond(m.score()) + "<br><sub>"
                                + ratioCell(run, m, true) + " raw, " + ratioCell(run, m, false) + " peer<br>"
                                + OperationsSection.cpuLine(m) + "</sub>")
                        .orElse(Units.NOT_AVAILABLE));
            }
            rows.add(row);
        }
        return rows;
    }
}
