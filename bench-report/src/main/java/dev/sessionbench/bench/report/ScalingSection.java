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

/** How throughput changes with the scale of a run: live sessions. */
final class ScalingSection {

    private final Run run;
    private final boolean png;

    ScalingSection(Run run, boolean png) {
        this.run = run;
        this.png = png;
    }

    void liveSessions(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<String> live = run.paramValues(op, Measurement.LIVE_SESSIONS);
        if (live.size() < 2) {
            return;
        }
        List<Charts.Line> lines = new ArrayList<>();
        for (String subject : run.subjects()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (String n : live) {
                Map<String, String> params = new LinkedHashMap<>(head.params());
                params.put(Measurement.LIVE_SESSIONS, n);
                run.find(subject, new Measurement.Config(op, params, head.threads()))
                        .ifPresent(m -> {
                            x.add((double) m.liveSessions().orElseThrow());
                            y.add(m.score());
                            e.add(m.error());
                        });
            }
            if (x.size() >= 2) {
                lines.add(new Charts.Line(subject, subject, x, y, e));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        Map<String, String> fixed = new LinkedHashMap<>(head.params());
        fixed.remove(Measurement.LIVE_SESSIONS);
        String what = head.threads() + " thread" + (head.threads() == 1 ? "" : "s")
                + (fixed.isEmpty() ? "" : ", " + describeParams(fixed));
        String name = Charts.lines(
                charts,
                "scaling-" + fileName(op),
                op + " against live sessions (" + what + ")",
                "live sessions (log scale)",
                "ops/s (log scale)",
                lines,
                png);
        md.paragraph("How " + code(op) + " throughput changes with the number of live sessions (" + what
                + "; solid: strategies, dotted: peers, dashed: raw limits):");
        md.picture(CHARTS_DIR, name, op + " throughput against live sessions, " + what);
    }

    /** Draws throughput against threads, one line per subject on log-log axes, when several thread counts exist. */
    void threads(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<Integer> threads = run.threads(op);
        if (threads.size() < 2) {
            return;
        }
        List<Charts.Line> lines = new ArrayList<>();
        for (String subject : run.subjects()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (int t : threads) {
                run.find(subject, new Measurement.Config(op, head.params(), t)).ifPresent(m -> {
                    x.add((double) t);
                    y.add(m.score());
                    e.add(m.error());
                });
            }
            if (x.size() >= 2) {
                lines.add(new Charts.Line(subject, subject, x, y, e));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        String what = describeParams(head.params());
        String name = Charts.lines(
                charts,
                "threads-" + fileName(op),
                op + " against threads (" + what + ")",
                "threads (log scale)",
                "ops/s (log scale)",
                lines,
                png);
        md.paragraph("How " + code(op) + " throughput changes with the number of threads (" + what + "; "
                + run.environment().cores() + " cores; solid: strategies, dotted: peers, dashed: raw limits):");
        md.picture(CHARTS_DIR, name, op + " throughput against threads, " + what);
    }
}
