package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.Wording.orNot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A published run against the previous run published for the same machine: each headline row's absolute
 * throughput, and its two same-run ratios (to the raw limit and to the peer), each marked as held or drifted.
 * Absolute numbers move between days on a shared host; a ratio measured within one run should not.
 */
record DriftSection(Run run, Run previous) {

    /** Marks a number that stayed within the two runs' combined error. */
    static final String HELD = "held";
    /** Marks a number that moved by more than the two runs' combined error. */
    static final String DRIFTED = "drifted";

    void render(Markdown md) {
        md.heading(2, "Against the previous run on this machine");
        Environment p = previous.environment();
        String name = previous.dir().getFileName().toString();
        md.paragraph("The previous run published for "
                + code(orNot(run.environment().machine())) + " is [" + name
                + "](../" + name + "/README.md) (" + orNot(p.date()) + ", commit " + code(orNot(p.gitCommit()))
                + "). Each headline row below, in both runs: the throughput, and the two ratios measured within each"
                + " run. A number *" + HELD + "* when the two runs differ by no more than their two 99.9 % intervals"
                + " added together, and *" + DRIFTED + "* otherwise.");
        List<List<String>> rows = new ArrayList<>();
        int heldOps = 0;
        int heldRatios = 0;
        int ratios = 0;
        double widestFactor = 1;
        String widestRow = null;
        double widestStated = 0;
        for (String op : ReportRenderer.HEADLINE_OPERATIONS) {
            for (String subject : run.subjects()) {
                if (!"strategy".equals(Run.kind(subject))) {
                    continue;
                }
                Optional<Measurement> now = run.headlineOf(op, subject);
                Optional<Measurement> before = now.flatMap(m -> previous.find(subject, m.config()));
                if (now.isEmpty() || before.isEmpty()) {
                    continue;
                }
                Measurement a = before.get();
                Measurement b = now.get();
                boolean held = !Wording.significant(a, b);
                heldOps += held ? 1 : 0;
                double factor = Math.max(a.score() / b.score(), b.score() / a.score());
                if (factor > widestFactor) {
                    widestFactor = factor;
                    widestRow = code(subject) + " " + code(op);
                    widestStated = Math.max(share(a), share(b));
                }
                List<String> row = new ArrayList<>(List.of(
                        code(subject),
                        code(op),
                        Units.opsPerSecondWithError(a.score(), a.error()),
                        Units.opsPerSecondWithError(b.score(), b.error()),
                        Units.ratio(b.score() / a.score()),
                        held ? HELD : "**" + DRIFTED + "**"));
                for (boolean raw : List.of(true, false)) {
                    String verdict = ratioVerdict(a, b, raw);
                    if (verdict.equals(HELD) || verdict.equals(DRIFTED)) {
                        ratios++;
                        heldRatios += verdict.equals(HELD) ? 1 : 0;
                    }
                    row.add(ratioCell(previous, a, raw) + " → " + ratioCell(run, b, raw) + ", "
                            + (verdict.equals(DRIFTED) ? "**" + verdict + "**" : verdict));
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            md.paragraph("No headline row of this run was measured at the same configuration in that run.");
            return;
        }
        md.table(
                List.of(
                        "Strategy",
                        "Operation",
                        "Previous",
                        "This run",
                        "This / previous",
                        "Throughput",
                        "vs raw limit",
                        "vs peer"),
                rows);
        StringBuilder summary = new StringBuilder();
        summary.append("Throughput held in ")
                .append(heldOps)
                .append(" of ")
                .append(rows.size())
                .append(" rows; the same-run ratios held in ")
                .append(heldRatios)
                .append(" of ")
                .append(ratios)
                .append('.');
        // said plainly when the widest difference is more than the two runs' stated intervals allow
        if (widestRow != null && widestFactor > 1 + 2 * widestStated) {
            summary.append(" **The two runs differ by up to ")
                    .append(Units.sig(widestFactor))
                    .append("× in ops/s (")
                    .append(widestRow)
                    .append(") while each states its numbers to within ± ")
                    .append(Units.percent(widestStated, 1))
                    .append("**: a run's interval is the noise within that")
                    .append(" run, not the difference between two days on this machine. Compare runs by their")
                    .append(" ratios, not by their absolute numbers.");
        }
        md.paragraph(summary.toString());
    }

    private static double share(Measurement m) {
        return m.score() > 0 && Double.isFinite(m.error()) ? m.error() / m.score() : 0;
    }

    private static String ratioCell(Run r, Measurement m, boolean raw) {
        return Wording.ratioCell(r, m, raw);
    }

    /**
     * Returns whether the ratio of {@code b} (this run) held against that of {@code a} (the previous run): within
     * the relative errors of the four numbers it is made of; {@code n/a} when either run lacks the reference.
     */
    String ratioVerdict(Measurement a, Measurement b, boolean raw) {
        Optional<Double> ea = ratioError(previous, a, raw);
        Optional<Double> eb = ratioError(run, b, raw);
        double ra = raw ? previous.ratioToRaw(a) : previous.ratioToPeer(a);
        double rb = raw ? run.ratioToRaw(b) : run.ratioToPeer(b);
        if (ea.isEmpty() || eb.isEmpty() || !Double.isFinite(ra) || !Double.isFinite(rb)) {
            return Units.NOT_AVAILABLE;
        }
        return Math.abs(rb - ra) <= ra * ea.get() + rb * eb.get() ? HELD : DRIFTED;
    }

    /** Returns the relative error of a ratio: the relative errors of its two sides added together. */
    private static Optional<Double> ratioError(Run r, Measurement m, boolean raw) {
        return Run.reference(m.subject(), raw)
                .flatMap(ref -> r.find(ref, m.config()))
                .filter(ref -> Double.isFinite(ref.error()) && Double.isFinite(m.error()))
                .map(ref -> share(ref) + share(m));
    }
}
