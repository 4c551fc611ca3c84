package dev.sessionbench.bench.latency;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a run's histograms in HdrHistogram's own formats, so anyone can re-plot them with HdrHistogram's tools:
 * the percentile distribution ({@code .hgrm}, in microseconds, as HdrHistogram's plotter reads it) of the
 * intended-start and the service-time latencies, and both in one histogram log ({@code .hlog}, nanoseconds, tagged
 * {@code intended} and {@code service}).
 */
public final class HistogramFiles {

    /** Output value unit scaling: the histograms hold nanoseconds, the {@code .hgrm} files show microseconds. */
    static final double NANOS_PER_MICRO = 1000.0;
    /** Percentile ticks per half distance in the {@code .hgrm} files, HdrHistogram's usual 5. */
    static final int TICKS_PER_HALF = 5;

    private HistogramFiles() {}

    /** The three files of one run, relative to the folder given to {@link #write}. */
    public record Written(String intended, String service, String log) {}

    /** Writes {@code <name>.intended.hgrm}, {@code <name>.service.hgrm} and {@code <name>.hlog} into {@code dir}. */
    public static Written write(Path dir, String name, OpenLoop.Result result, long startMillis) throws IOException {
        Files.createDirectories(dir);
        String intended = name + ".intended.hgrm";
        String service = name + ".service.hgrm";
        String log = name + ".hlog";
        percentiles(dir.resolve(intended), result.intended());
        percentiles(dir.resolve(service), result.service());
        try (OutputStream out = Files.newOutputStream(dir.resolve(log))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("sessionbench open-loop latency, " + name + ", nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputLegend();
            double seconds = result.wallNanos() / 1e9;
            for (Histogram h : new Histogram[] {result.intended(), result.service()}) {
                Histogram copy = h.copy();
                copy.setTag(h == result.intended() ? "intended" : "service");
                writer.outputIntervalHistogram(0, seconds, copy);
            }
            writer.close();
        }
        return new Written(intended, service, log);
    }

    private static void percentiles(Path file, Histogram nanos) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            nanos.outputPercentileDistribution(out, TICKS_PER_HALF, NANOS_PER_MICRO);
        }
    }
}
