package dev.sessionbench.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's charts with XChart as SVG, each in a light and a dark variant that the Markdown picks with
 * {@code <picture>} and {@code prefers-color-scheme}, so they read on GitHub in either theme. PNG copies are written
 * only on request (for looking at them), never referenced by a report.
 */
public final class Charts {

    /** The y-axis title of a throughput chart on a log scale. */
    public static final String THROUGHPUT_LOG_AXIS = "ops/s (log scale)";

    /** Width of every chart in pixels, about that of GitHub's content column, so text keeps its size. */
    public static final int WIDTH = 960;
    /** Height of every chart in pixels. */
    public static final int HEIGHT = 540;

    private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{3,}");
    private static final Pattern CLIP_ID = Pattern.compile("clip-?\\d+");

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    /** A colour scheme: GitHub's own light and dark page colours, and series colours that read on each. */
    public enum Theme {
        LIGHT(
                "light",
                new Color(0xffffff),
                new Color(0x1f2328),
                new Color(0xd0d7de),
                new Color[] {new Color(0x0969da), new Color(0xd4760a), new Color(0x1a7f37), new Color(0x8250df)},
                new Color(0x0969da),
                new Color(0x1a7f37),
                new Color(0xcf222e),
                new Color(0x8250df),
                new Color(0x6e7781)),
        DARK(
                "dark",
                new Color(0x0d1117),
                new Color(0xe6edf3),
                new Color(0x30363d),
                new Color[] {new Color(0x4493f8), new Color(0xf0a04b), new Color(0x3fb950), new Color(0xbc8cff)},
                new Color(0x4493f8),
                new Color(0x3fb950),
                new Color(0xff7b72),
                new Color(0xbc8cff),
                new Color(0x9198a1));

        private final String suffix;
        private final Color background;
        private final Color text;
        private final Color grid;
        private final Color[] series;
        private final Color memory;
        private final Color mapdb;
        private final Color redis;
        private final Color token;
        private final Color other;

        Theme(
                String suffix,
                Color background,
                Color text,
                Color grid,
                Color[] series,
                Color memory,
                Color mapdb,
                Color redis,
                Color token,
                Color other) {
            this.suffix = suffix;
            this.background = background;
            this.text = text;
            this.grid = grid;
            this.series = series;
            this.memory = memory;
            this.mapdb = mapdb;
            this.redis = redis;
            this.token = token;
            this.other = other;
        }

        /** Returns the file-name suffix of this variant: "light" or "dark". */
        public String suffix() {
            return suffix;
        }

        Color family(String subject) {
            return Run.catalog(subject)
                    .map(s -> switch (s.family()) {
                        case MEMORY -> memory;
                        case MAPDB -> mapdb;
                        case REDIS -> redis;
                        case TOKEN -> token;
                        case IDS -> other;
                    })
                    .orElse(other);
        }
    }

    /** One bar series: a value and its error per category; NaN where the category was not measured. */
    public record Bars(String name, List<Double> values, List<Double> errors) {}

    /** One line of a scaling chart: throughput (with error) of one subject against a parameter. */
    public record Line(String name, String subject, List<Double> x, List<Double> y, List<Double> errors) {}

    /**
     * Writes {@code <name>-light.svg} and {@code <name>-dark.svg} (and PNGs when asked) of a bar chart with error
     * bars on a logarithmic axis; returns the file name without theme suffix. Every series has one value per
     * category, NaN where that category was not measured (drawn as no bar).
     */
    public static String bars(
            Path dir, String name, String title, String yTitle, List<String> categories, List<Bars> series, boolean png)
            throws IOException {
        double min = Double.POSITIVE_INFINITY;
        for (Bars b : series) {
            for (int i = 0; i < b.values().size(); i++) {
                double v = b.values().get(i);
                if (Double.isFinite(v) && v > 0) {
                    min = Math.min(min, Math.log10(v) - logError(v, b.errors().get(i)));
                }
            }
        }
        // XChart's log axis cannot start bars anywhere but zero, and draws category error bars in linear space;
        // so the bars are drawn as decades above a base on a linear axis whose ticks are labelled back in ops/s
        double base = Double.isFinite(min) ? Math.floor(min) : 0;
        double top = base;
        for (Bars b : series) {
            for (int i = 0; i < b.values().size(); i++) {
                double v = b.values().get(i);
                if (Double.isFinite(v) && v > 0) {
                    top = Math.max(top, Math.log10(v) + logError(v, b.errors().get(i)));
                }
            }
        }
        for (Theme theme : Theme.values()) {
            CategoryChart chart = new CategoryChartBuilder()
                    .width(WIDTH)
                    .height(HEIGHT)
                    .title(title)
                    .yAxisTitle(yTitle)
                    .build();
            style(chart.getStyler(), theme);
            chart.getStyler().setSeriesColors(theme.series);
            chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 30 : 0);
            chart.getStyler().setAvailableSpaceFill(0.8);
            chart.getStyler().setOverlapped(false);
            chart.getStyler().setErrorBarsColor(theme.text);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(Math.max(1, Math.ceil(top - base)));
            chart.getStyler().setyAxisTickLabelsFormattingFunction(t -> decadeTick(t + base));
            for (Bars b : series) {
                List<Double> values = new ArrayList<>();
                List<Double> errors = new ArrayList<>();
                for (int i = 0; i < categories.size(); i++) {
                    double v = b.values().get(i);
                    boolean measured = Double.isFinite(v) && v > 0;
                    values.add(measured ? Math.log10(v) - base : 0.0);
                    errors.add(measured ? logError(v, b.errors().get(i)) : 0.0);
                }
                chart.addSeries(b.name(), categories, values, errors);
            }
            write(chart, dir, name, theme, png);
        }
        return name;
    }

    /**
     * Writes the light and dark SVG of a line chart on logarithmic axes, coloured by backend family, dashed for raw
     * limits and dotted for peers; returns the file name without theme suffix.
     */
    public static String lines(
            Path dir, String name, String title, String xTitle, String yTitle, List<Line> lines, boolean png)
            throws IOException {
        return lines(dir, name, title, xTitle, yTitle, lines, png, Charts::decadeTick, true);
    }

    /**
     * Writes a line chart like {@link #lines(Path, String, String, String, String, List, boolean)}, with the x
     * axis's decades labelled by {@code xTick} (given the log10 of x) and, when {@code markers} is false, lines
     * without markers (for curves of many points).
     */
    public static String lines(
            Path dir,
            String name,
            String title,
            String xTitle,
            String yTitle,
            List<Line> lines,
            boolean png,
            java.util.function.Function<Double, String> xTick,
            boolean markers)
            throws IOException {
        Marker[] shapes = {
            SeriesMarkers.TRIANGLE_DOWN,
            SeriesMarkers.CIRCLE,
            SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP
        };
        for (Theme theme : Theme.values()) {
            XYChart chart = new XYChartBuilder()
                    .width(WIDTH)
                    .height(HEIGHT)
                    .title(title)
                    .xAxisTitle(xTitle)
                    .yAxisTitle(yTitle)
                    .build();
            style(chart.getStyler(), theme);
            chart.getStyler().setErrorBarsColorSeriesColor(true);
            // log10 on linear axes labelled back, for the same decade labels as the bar charts
            chart.getStyler().setxAxisTickLabelsFormattingFunction(xTick);
            chart.getStyler().setyAxisTickLabelsFormattingFunction(Charts::decadeTick);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setMarkerSize(8);
            double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            java.util.Map<Color, Integer> perColour = new java.util.HashMap<>();
            for (Line l : lines) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> errors = new ArrayList<>();
                for (int k = 0; k < l.y().size(); k++) {
                    x.add(Math.log10(l.x().get(k)));
                    y.add(Math.log10(l.y().get(k)));
                    errors.add(logError(l.y().get(k), l.errors().get(k)));
                    xr[0] = Math.min(xr[0], x.get(k));
                    xr[1] = Math.max(xr[1], x.get(k));
                    yr[0] = Math.min(yr[0], y.get(k) - errors.get(k));
                    yr[1] = Math.max(yr[1], y.get(k) + errors.get(k));
                }
                XYSeries s = chart.addSeries(l.name(), x, y, errors);
                Color c = theme.family(l.subject());
                s.setLineColor(c);
                s.setMarkerColor(c);
                // lines of one backend share a colour, so each gets its own marker
                s.setMarker(markers ? shapes[perColour.merge(c, 1, Integer::sum) % shapes.length] : SeriesMarkers.NONE);
                Subject.Kind kind = Run.catalog(l.subject()).map(Subject::kind).orElse(Subject.Kind.STRATEGY);
                s.setLineStyle(
                        switch (kind) {
                            case STRATEGY -> new BasicStroke(2.5f);
                            case PEER ->
                                new BasicStroke(
                                        2f,
                                        BasicStroke.CAP_ROUND,
                                        BasicStroke.JOIN_ROUND,
                                        1f,
                                        new float[] {2f, 4f},
                                        0f);
                            case RAW ->
                                new BasicStroke(
                                        1.5f,
                                        BasicStroke.CAP_BUTT,
                                        BasicStroke.JOIN_ROUND,
                                        1f,
                                        new float[] {8f, 5f},
                                        0f);
                        });
            }
            // whole decades at both ends, so the labelled ticks fall inside the plot
            if (xr[0] <= xr[1]) {
                chart.getStyler()
                        .setXAxisMin(Math.floor(xr[0]))
                        .setXAxisMax(Math.max(Math.ceil(xr[1]), Math.floor(xr[0]) + 1));
                chart.getStyler()
                        .setYAxisMin(Math.floor(yr[0]))
                        .setYAxisMax(Math.max(Math.ceil(yr[1]), Math.floor(yr[0]) + 1));
            }
            write(chart, dir, name, theme, png);
        }
        return name;
    }

    /** Returns the label of a log10 tick: "10 M" on whole decades, nothing between them. */
    static String decadeTick(double log10) {
        double r = Math.rint(log10);
        if (Math.abs(log10 - r) > 1e-6) {
            return "";
        }
        int exponent = (int) r;
        if (exponent < 0) {
            return Units.sig(Math.pow(10, exponent)).replaceAll("0+$", "");
        }
        String[] prefixes = {"", " k", " M", " G", " T", " P"};
        int group = Math.min(exponent / 3, prefixes.length - 1);
        return (long) Math.pow(10, exponent - 3 * group) + prefixes[group];
    }

    /**
     * Returns the label of a percentile axis tick, given log10 of 1/(1-percentile) as HdrHistogram's plotter draws
     * it: "0%", "90%", "99%", "99.9%", "99.99%" on whole decades, nothing between them.
     */
    static String percentileTick(double log10) {
        double r = Math.rint(log10);
        if (Math.abs(log10 - r) > 1e-6 || r < 0) {
            return "";
        }
        int nines = (int) r;
        if (nines == 0) {
            return "0%";
        }
        return new java.math.BigDecimal(100)
                        .subtract(java.math.BigDecimal.ONE.movePointLeft(nines - 2))
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }

    /** Returns the half-width in decades of an error bar: the wider (lower) side, so it never looks tighter. */
    static double logError(double value, double error) {
        if (!Double.isFinite(error) || error <= 0 || !(value > 0)) {
            return 0;
        }
        double low = value - error;
        return low > 0 ? Math.log10(value) - Math.log10(low) : Math.log10(value + error) - Math.log10(value);
    }

    private static void style(AxesChartStyler s, Theme theme) {
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        s.setBaseFont(base);
        s.setChartTitleFont(base.deriveFont(Font.BOLD, 15f));
        s.setAxisTitleFont(base.deriveFont(13f));
        s.setAxisTickLabelsFont(base.deriveFont(12f));
        s.setLegendFont(base.deriveFont(12f));
        s.setChartBackgroundColor(theme.background);
        s.setPlotBackgroundColor(theme.background);
        s.setChartFontColor(theme.text);
        s.setAxisTickLabelsColor(theme.text);
        s.setAxisTickMarksColor(theme.grid);
        s.setPlotGridLinesColor(theme.grid);
        s.setPlotBorderColor(theme.grid);
        s.setPlotBorderVisible(false);
        s.setLegendBackgroundColor(theme.background);
        s.setLegendBorderColor(theme.grid);
        s.setChartTitleBoxVisible(false);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setPlotGridVerticalLinesVisible(false);
        s.setChartPadding(12);
        s.setToolTipsEnabled(false);
        s.setAntiAlias(true);
    }

    private static void write(Chart<?, ?> chart, Path dir, String name, Theme theme, boolean png) throws IOException {
        Files.createDirectories(dir);
        String file = name + "-" + theme.suffix();
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Files.writeString(
                dir.resolve(file + ".svg"), compact(svg.toString(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        if (png) {
            BitmapEncoder.saveBitmap(chart, dir.resolve(file + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * Returns the SVG with coordinates rounded to two decimals and clip ids numbered from 1: half the size, and the
     * same bytes for the same numbers, so a re-rendered report changes only where its data changed.
     */
    static String compact(String svg) {
        Matcher m = LONG_DECIMAL.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length() / 2);
        while (m.find()) {
            String rounded = new java.math.BigDecimal(m.group())
                    .setScale(2, java.math.RoundingMode.HALF_EVEN)
                    .stripTrailingZeros()
                    .toPlainString();
            m.appendReplacement(out, rounded.equals("-0") ? "0" : rounded);
        }
        m.appendTail(out);
        Matcher ids = CLIP_ID.matcher(out);
        java.util.Map<String, String> renamed = new java.util.LinkedHashMap<>();
        StringBuilder numbered = new StringBuilder(out.length());
        while (ids.find()) {
            String id = renamed.computeIfAbsent(ids.group(), k -> "clip" + (renamed.size() + 1));
            ids.appendReplacement(numbered, id);
        }
        ids.appendTail(numbered);
        return numbered.toString();
    }
}
