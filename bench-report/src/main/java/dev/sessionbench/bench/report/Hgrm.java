package dev.sessionbench.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads HdrHistogram's percentile-distribution text ({@code .hgrm}, as {@code outputPercentileDistribution} writes
 * it and HdrHistogram's plotter reads it): one line per percentile tick of value, percentile, total count and
 * 1/(1-percentile), after a header and before {@code #}-prefixed totals.
 */
final class Hgrm {

    /** One percentile of a distribution: the value (in the file's unit) below which {@code percentile} falls. */
    record Point(double value, double percentile) {}

    private Hgrm() {}

    /** Returns the points of the file in file order; throws {@link IOException} when it has none. */
    static List<Point> read(Path file) throws IOException {
        List<Point> points = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || !Character.isDigit(t.charAt(0))) {
                continue;
            }
            String[] cols = t.split("\\s+");
            if (cols.length < 3) {
                continue;
            }
            try {
                points.add(new Point(Double.parseDouble(cols[0]), Double.parseDouble(cols[1])));
            } catch (NumberFormatException e) {
                // a header or a damaged line: not a percentile
            }
        }
        if (points.isEmpty()) {
            throw new IOException(file + " has no percentile lines: not HdrHistogram percentile-distribution text");
        }
        return points;
    }
}
