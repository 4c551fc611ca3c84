package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;

import java.util.List;
import java.util.stream.Collectors;

/** What a quick run is, and which full-run rows it stands for. */
final class QuickSection {

    /** The largest difference from the same row of a full run that a quick row may show. */
    static final double QUICK_TOLERANCE = 0.25;

    private QuickSection() {}

    /** Returns the tolerance in words: "25 %". */
    static String toleranceText() {
        return String.format(java.util.Locale.ROOT, "%.0f %%", 100 * QUICK_TOLERANCE);
    }

    /** Returns the paragraph that says what a quick run is and names the rows it is compared by. */
    static String describe(Run run) {
        // every row, a simulated network's too: each is a row a full run has
        List<String> rows = run.allNetworks().stream()
                .map(m -> code(m.subject()) + " " + code(m.operation()) + " at " + Wording.describe(m.config()))
                .collect(Collectors.toList());
        return "> **A quick run.** It measures " + rows.size() + " rows of the full run, each with the full run's"
                + " warm-up, iterations and JVM flags: fewer rows, not shorter ones. Each of them should be within "
                + toleranceText() + " of the same row of a `full` run on this machine; `report"
                + " --compare <this run> <a full run>` checks it row by row. The rows: " + String.join("; ", rows)
                + ".";
    }

    /** Returns whether two runs are a quick run and a full run, in either order. */
    static boolean quickAgainstFull(Run a, Run b) {
        String pa = a.environment().profile();
        String pb = b.environment().profile();
        return Run.QUICK_PROFILE.equals(pa) && Run.FULL_PROFILE.equals(pb)
                || Run.FULL_PROFILE.equals(pa) && Run.QUICK_PROFILE.equals(pb);
    }

    /** Returns the verdict on one row of a quick run against the same row of a full run. */
    static String within(Measurement a, Measurement b) {
        if (a == null || b == null) {
            return Units.NOT_AVAILABLE;
        }
        return Math.abs(b.score() / a.score() - 1) <= QUICK_TOLERANCE ? "yes" : "**no**";
    }
}
