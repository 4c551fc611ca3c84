package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * "What your session choice costs a request": the {@code request-cost} command's {@link RequestCostSummary}, as a
 * table of store × connections (saturation rate, p50 and p99 at each fixed rate, the cost beside the same endpoint
 * without a session) and charts (saturation bars; p99 against the offered rate). Nothing when the run folder has no
 * {@value RequestCostSummary#FILE_NAME}.
 */
final class RequestCostSection {

    static final String TITLE = "What your session choice costs a request";

    private final Optional<RequestCostSummary> summary;
    private final boolean png;

    RequestCostSection(Optional<RequestCostSummary> summary, boolean png) {
        this.summary = summary;
        this.png = png;
    }

    /** Returns the section of the run in {@code runDir}: empty when it has no request-cost file. */
    static RequestCostSection of(Path runDir, boolean png) throws IOException {
        return new RequestCostSection(RequestCostSummary.readIn(runDir), png);
    }

    void render(Markdown md, Path charts) throws IOException {
        if (summary.isEmpty() || summary.get().rows().isEmpty()) {
            return;
        }
        RequestCostSummary s = summary.get();
        md.heading(2, TITLE);
        md.paragraph("One endpoint of a Spring Boot web application, measured over HTTP on loopback: " + s.endpoint()
                + ". Server: " + s.server() + ". Load generator: " + s.client() + ". Each connection has its own"
                + " session, created before anything is measured. *Saturation* is the requests per second of a"
                + " closed loop on every connection; each fixed rate is an open-loop run, its latency taken from each"
                + " request's scheduled start (queueing included), as p50 / p99. Beside each store: the extra p50"
                + " per request and its share of the saturation rate of the same endpoint without a session"
                + " (" + code(RequestCostSummary.NO_SESSION) + "), at the same connections. The application and the"
                + " load generator share the machine's cores, so the absolute rates are this machine's; compare the"
                + " rows. From " + code(RequestCostSummary.FILE_NAME) + ".");
        TreeSet<Double> rates = new TreeSet<>();
        s.rows().forEach(r -> r.rates().forEach(x -> rates.add(x.offeredRate())));
        List<String> header = new ArrayList<>(List.of("Store", "Connections", "Saturation", "App CPU per request"));
        rates.forEach(r -> header.add("p50 / p99 at " + Units.sig(r) + " req/s"));
        List<List<String>> rows = new ArrayList<>();
        for (RequestCostSummary.Row row : s.rows()) {
            Optional<RequestCostSummary.Row> base = baseline(s, row);
            List<String> cells = new ArrayList<>();
            cells.add(code(row.store()) + (row.store().equals(RequestCostSummary.NO_SESSION) ? " (no session)" : ""));
            cells.add(Integer.toString(row.connections()));
            String saturation = Units.sig(row.saturationRate()) + " req/s";
            if (base.isPresent() && base.get() != row && base.get().saturationRate() > 0) {
                saturation += "<br><sub>"
                        + String.format(
                                Locale.ROOT,
                                "%.0f %%",
                                100 * row.saturationRate() / base.get().saturationRate())
                        + " of no session</sub>";
            }
            cells.add(saturation);
            cells.add(
                    row.saturationServerCpuMicrosPerRequest() == null
                            ? Units.NOT_AVAILABLE
                            : micros(row.saturationServerCpuMicrosPerRequest()));
            for (double rate : rates) {
                cells.add(cell(row, base, rate));
            }
            rows.add(cells);
        }
        md.table(header, rows);
        charts(md, s, rates, charts);
    }

    private static Optional<RequestCostSummary.Row> baseline(RequestCostSummary s, RequestCostSummary.Row row) {
        return s.rows().stream()
                .filter(r -> r.store().equals(RequestCostSummary.NO_SESSION) && r.connections() == row.connections())
                .findFirst();
    }

    private static String cell(RequestCostSummary.Row row, Optional<RequestCostSummary.Row> base, double rate) {
        Optional<RequestCostSummary.Rate> at = row.at(rate);
        if (at.isEmpty()) {
            boolean skipped = row.rates().stream().anyMatch(r -> r.offeredRate() == rate && r.skipped() != null);
            return skipped ? "over capacity" : Units.NOT_AVAILABLE;
        }
        RequestCostSummary.Rate r = at.get();
        String text = micros(r.intended().p50()) + " / " + micros(r.intended().p99());
        if (r.failures() > 0 || r.unissued() > 0) {
            text += "<br><sub>" + r.failures() + " failed, " + r.unissued() + " not issued</sub>";
        }
        Optional<RequestCostSummary.Rate> b = base.filter(x -> x != row).flatMap(x -> x.at(rate));
        if (b.isPresent()) {
            double extra = r.intended().p50() - b.get().intended().p50();
            text += "<br><sub>" + (extra >= 0 ? "+" : "−") + micros(Math.abs(extra)) + " p50</sub>";
        }
        return text;
    }

    /** Returns a latency in microseconds as "412 µs" or "1.90 ms". */
    static String micros(double us) {
        return us >= 1000 ? Units.sig(us / 1000) + " ms" : Units.sig(us) + " µs";
    }

    private void charts(Markdown md, RequestCostSummary s, TreeSet<Double> rates, Path charts) throws IOException {
        List<Integer> connections = s.rows().stream()
                .map(RequestCostSummary.Row::connections)
                .distinct()
                .sorted()
                .toList();
        List<String> stores =
                s.rows().stream().map(RequestCostSummary.Row::store).distinct().toList();
        List<Charts.Bars> bars = new ArrayList<>();
        for (int c : connections) {
            List<Double> values = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (String store : stores) {
                values.add(s.rows().stream()
                        .filter(r -> r.store().equals(store) && r.connections() == c)
                        .map(RequestCostSummary.Row::saturationRate)
                        .findFirst()
                        .orElse(Double.NaN));
                errors.add(0.0);
            }
            bars.add(new Charts.Bars(c + " connections", values, errors));
        }
        String name = Charts.bars(
                charts, "request-cost-saturation", "Saturation: requests per second", "requests/s", stores, bars, png);
        md.picture(ReportRenderer.CHARTS_DIR, name, "Saturation requests per second per store and connections");
        for (int c : connections) {
            List<Charts.Line> lines = new ArrayList<>();
            for (RequestCostSummary.Row row : s.rows()) {
                if (row.connections() != c) {
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> e = new ArrayList<>();
                for (double rate : rates) {
                    row.at(rate).filter(r -> r.intended().p99() > 0).ifPresent(r -> {
                        x.add(rate);
                        y.add(r.intended().p99());
                        e.add(0.0);
                    });
                }
                if (!x.isEmpty()) {
                    lines.add(new Charts.Line(row.store(), row.store(), x, y, e));
                }
            }
            if (lines.isEmpty()) {
                continue;
            }
            String p99 = Charts.lines(
                    charts,
                    "request-cost-p99-c" + c,
                    "p99 latency at " + c + " connections",
                    "offered requests/s",
                    "p99 (µs)",
                    lines,
                    png);
            md.picture(ReportRenderer.CHARTS_DIR, p99, "p99 latency against offered rate at " + c + " connections");
        }
    }
}
