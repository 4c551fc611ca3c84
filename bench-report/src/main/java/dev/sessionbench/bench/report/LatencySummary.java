package dev.sessionbench.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The file {@value #FILE_NAME} that a latency run writes beside its histograms: one {@link Row} per subject,
 * operation, network and offered load. Every latency is in microseconds. Read it back with {@link #read(Path)}.
 *
 * <pre>{@code
 * {"format": "sessionbench-latency/1", "unit": "us", "rows": [
 *   {"subject": "redis", "operation": "mixed", "network": "direct", "threads": 32, "load": "90%",
 *    "offeredRate": 9000.0, "maxRate": 10000.0, "achievedRate": 8995.1,
 *    "operations": 90000, "unissued": 0, "failures": 0, "warmupSeconds": 10.0, "durationSeconds": 10.0,
 *    "intended": {"p50": 95.2, "p90": 180.4, "p99": 950.3, "p999": 4100.0, "max": 9000.1, "mean": 120.7},
 *    "service":  {"p50": 90.1, "p90": 150.0, "p99": 400.2, "p999": 1200.0, "max": 9000.1, "mean": 101.3},
 *    "cpuMicrosPerOperation": 70.5, "cores": 0.63, "serverCpuMicrosPerOperation": 11.2,
 *    "histogram": "latency/redis-mixed-90pct.intended.hgrm",
 *    "serviceHistogram": "latency/redis-mixed-90pct.service.hgrm",
 *    "log": "latency/redis-mixed-90pct.hlog"}]}
 * }</pre>
 *
 * <p>{@code network} is {@code direct}, or the simulated round trip the Redis clients ran through (such as
 * {@code rtt-1ms}). {@code intended} is the latency from each request's scheduled start (what a user waits,
 * queueing included), {@code service} from its actual start (what a closed loop would report). {@code load} is
 * {@code "NN%"} of {@code maxRate} (the closed-loop maximum at the same thread count), or {@code "fixed"} for an
 * absolute rate; {@code maxRate} is null when no percentage load was asked for. {@code unissued} counts the
 * scheduled requests a run that could not keep up gave up on. {@code cpuMicrosPerOperation} and {@code cores} are
 * the client JVM's CPU over the recorded requests (null when unknown); {@code serverCpuMicrosPerOperation} the Redis
 * server's ({@code INFO cpu}, every node of a cluster; null for other subjects). The paths are relative to the folder of
 * this file.
 */
public record LatencySummary(String format, String unit, List<Row> rows) {

    /** The name of the summary file. */
    public static final String FILE_NAME = "latency.json";
    /** The format written, changed when a field changes meaning. */
    public static final String FORMAT = "sessionbench-latency/1";
    /** The unit of every latency in the file. */
    public static final String UNIT = "us";

    public LatencySummary {
        Objects.requireNonNull(rows, "rows must not be null");
        rows = List.copyOf(rows);
    }

    /** Returns a summary of the current format. */
    public static LatencySummary of(List<Row> rows) {
        return new LatencySummary(FORMAT, UNIT, rows);
    }

    /** One open-loop run: a subject's operation at one offered load. */
    public record Row(
            String subject,
            String operation,
            String network,
            int threads,
            String load,
            double offeredRate,
            Double maxRate,
            double achievedRate,
            long operations,
            long unissued,
            long failures,
            double warmupSeconds,
            double durationSeconds,
            Percentiles intended,
            Percentiles service,
            Double cpuMicrosPerOperation,
            Double cores,
            Double serverCpuMicrosPerOperation,
            String histogram,
            String serviceHistogram,
            String log) {}

    /** Latency percentiles, in microseconds. */
    public record Percentiles(double p50, double p90, double p99, double p999, double max, double mean) {}

    /** Writes this summary as {@value #FILE_NAME} in {@code dir}, replacing any there, and returns the file. */
    public Path write(Path dir) throws IOException {
        return SummaryFiles.write(dir, FILE_NAME, this);
    }

    /**
     * Adds this summary's rows after those of the {@value #FILE_NAME} already in {@code dir} (a run of several
     * latency steps writes one file), or writes it when there is none; returns the file.
     */
    public Path appendTo(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return write(dir);
        }
        List<Row> all = new ArrayList<>(read(file).rows());
        all.addAll(rows);
        return of(all).write(dir);
    }

    /** Returns the summary in {@code file}; throws when it is of another format. */
    public static LatencySummary read(Path file) throws IOException {
        return SummaryFiles.read(file, LatencySummary.class, LatencySummary::format, FORMAT);
    }
}
