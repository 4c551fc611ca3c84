package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.ReportRenderer.CHARTS_DIR;
import static dev.sessionbench.bench.report.Wording.describeParams;
import static dev.sessionbench.bench.report.Wording.fileName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;

/** How throughput changes with the scale of a run: live sessions. */
record ScalingSection(Run run, boolean png) {

    void liveSessions(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<String> live = run.paramValues(op, Measurement.LIVE_SESSIONS);
        if (live.size() < 2) {
            return;
        }
        List<Charts.Line> lines = lines(
                live,
                n -> {
                    Map<String, String> params = new LinkedHashMap<>(head.params());
                    params.put(Measurement.LIVE_SESSIONS, n);
                    return new Measurement.Config(op, params, head.threads());
                },
                (n, m) -> m.liveSessions().orElseThrow());
        if (lines.isEmpty()) {
            return;
        }
        Map<String, String> fixed = new LinkedHashMap<>(head.params());
        fixed.remove(Measurement.LIVE_SESSIONS);
        String what = head.threads() + " thread" + (head.threads() == 1 ? "" : "s")
                + (fixed.isEmpty() ? "" : ", " + describeParams(fixed));
        chart(md, op, charts, lines, "scaling-", "live sessions", what, "");
    }

    /** Draws throughput against threads, one line per subject on log-log axes, when several thread counts exist. */
    void threads(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<Integer> threads = run.threads(op);
        if (threads.size() < 2) {
            return;
        }
        List<Charts.Line> lines = lines(threads, t -> new Measurement.Config(op, head.params(), t), (t, m) -> t);
        if (lines.isEmpty()) {
            return;
        }
        String what = describeParams(head.params());
        chart(
                md,
                op,
                charts,
                lines,
                "threads-",
                "threads",
                what,
                "; " + run.environment().cores() + " cores");
    }

    /**
     * Draws {@code op}'s throughput against {@code against} (a count on a log axis) and writes the chart's paragraph;
     * {@code what} names the fixed configuration and {@code more} adds to it in the paragraph only.
     */
    private void chart(
            Markdown md,
            String op,
            Path charts,
            List<Charts.Line> lines,
            String filePrefix,
            String against,
            String what,
            String more)
            throws IOException {
        String name = Charts.lines(
                charts,
                filePrefix + fileName(op),
                op + " against " + against + " (" + what + ")",
                against + " (log scale)",
                Charts.THROUGHPUT_LOG_AXIS,
                lines,
                png);
        md.paragraph("How " + code(op) + " throughput changes with the number of " + against + " (" + what + more
                + "; solid: strategies, dotted: peers, dashed: raw limits):");
        md.picture(CHARTS_DIR, name, op + " throughput against " + against + ", " + what);
    }

    /**
     * Returns a line of score against x for each subject measured at two or more of the {@code values}: the
     * measurement at {@code config} of each value, placed at {@code x} of that value and measurement.
     */
    private <T> List<Charts.Line> lines(
            List<T> values, Function<T, Measurement.Config> config, ToDoubleBiFunction<T, Measurement> x) {
        List<Charts.Line> lines = new ArrayList<>();
        for (String subject : run.subjects()) {
            List<Double> xs = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (T value : values) {
                run.find(subject, config.apply(value)).ifPresent(m -> {
                    xs.add(x.applyAsDouble(value, m));
                    y.add(m.score());
                    e.add(m.error());
                });
            }
            if (xs.size() >= 2) {
                lines.add(new Charts.Line(subject, subject, xs, y, e));
            }
        }
        return lines;
    }
}
