package dev.sessionbench.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The file {@value #FILE_NAME} that the {@code request-cost} command writes: what a web request costs with each
 * session store, measured over HTTP against one endpoint of a Spring Boot application (read the session, increment
 * a counter in it, answer the count), beside the same application answering without a session. One {@link Row}
 * per store and number of connections. Every latency is in microseconds; the histogram paths are relative to the
 * folder of this file.
 *
 * <pre>{@code
 * {"format": "sessionbench-request-cost/1", "unit": "us",
 *  "endpoint": "GET /counter ...", "server": "a forked JVM ...", "client": "Apache HttpClient ...",
 *  "rows": [
 *   {"store": "memory", "storeUri": "memory:", "connections": 32, "appStartSeconds": 4.1,
 *    "saturationRate": 7200.5, "saturationSeconds": 5.0,
 *    "saturationServerCpuMicrosPerRequest": 150.2, "saturationClientCpuMicrosPerRequest": 110.7,
 *    "rates": [
 *     {"offeredRate": 1000.0, "skipped": null, "achievedRate": 999.8, "operations": 10000, "unissued": 0,
 *      "failures": 0, "warmupSeconds": 5.0, "durationSeconds": 10.0,
 *      "intended": {"p50": 410.0, "p90": 700.1, "p99": 1900.3, "p999": 5000.0, "max": 9000.1, "mean": 480.2},
 *      "service":  {"p50": 400.0, "p90": 650.0, "p99": 1500.2, "p999": 4000.0, "max": 9000.1, "mean": 450.3},
 *      "serverCpuMicrosPerRequest": 160.1, "clientCpuMicrosPerRequest": 120.4,
 *      "histogram": "request-cost/memory-c32-rate1000.intended.hgrm",
 *      "serviceHistogram": "request-cost/memory-c32-rate1000.service.hgrm",
 *      "log": "request-cost/memory-c32-rate1000.hlog"}]}]}
 * }</pre>
 *
 * <p>{@code store} is {@value #NO_SESSION} for the endpoint that touches no session (the baseline), a store of this
 * project ({@code memory}, {@code mapdb}, {@code redis}) through the Spring Session integration, or
 * {@code spring-redis}, Spring Session's own {@code RedisSessionRepository} on the same Redis. {@code connections}
 * is the number of request threads, each with its own keep-alive connection and its own session.
 * {@code saturationRate} is the requests per second of a closed loop on all connections (each thread sends its next
 * request when the last one returned) over {@code saturationSeconds}, with the CPU time per request of the
 * application's process ({@code server}) and of the load generator's ({@code client}). Each of {@code rates} is an
 * open-loop run at a fixed offered rate, latency from each request's scheduled start ({@code intended}, queueing
 * included) and from its actual start ({@code service}); {@code skipped} says why a rate was not run (above the
 * command's share of the saturation rate), and then every other field of it is null or zero. CPU figures are null
 * when not measured.
 */
public record RequestCostSummary(
        String format, String unit, String endpoint, String server, String client, List<Row> rows) {

    /** The name of the file. */
    public static final String FILE_NAME = "request-cost.json";
    /** The format written, changed when a field changes meaning. */
    public static final String FORMAT = "sessionbench-request-cost/1";
    /** The unit of every latency in the file: the rates' percentiles are {@link LatencySummary.Percentiles}. */
    public static final String UNIT = LatencySummary.UNIT;
    /** The store label of the baseline: the same application answering without reading a session. */
    public static final String NO_SESSION = "none";

    public RequestCostSummary {
        Objects.requireNonNull(rows, "rows must not be null");
        rows = List.copyOf(rows);
    }

    /** Returns a summary of the current format. */
    public static RequestCostSummary of(String endpoint, String server, String client, List<Row> rows) {
        return new RequestCostSummary(FORMAT, UNIT, endpoint, server, client, rows);
    }

    /** One store at one number of connections: its saturation rate and its latency at each fixed rate. */
    public record Row(
            String store,
            String storeUri,
            int connections,
            double appStartSeconds,
            double saturationRate,
            double saturationSeconds,
            Double saturationServerCpuMicrosPerRequest,
            Double saturationClientCpuMicrosPerRequest,
            List<Rate> rates) {
        public Row {
            rates = rates == null ? List.of() : List.copyOf(rates);
        }

        /** Returns the measured run at {@code offeredRate}, if it was run. */
        public Optional<Rate> at(double offeredRate) {
            return rates.stream()
                    .filter(r -> r.offeredRate() == offeredRate && r.skipped() == null)
                    .findFirst();
        }
    }

    /** One open-loop run at a fixed offered rate. */
    public record Rate(
            double offeredRate,
            String skipped,
            double achievedRate,
            long operations,
            long unissued,
            long failures,
            double warmupSeconds,
            double durationSeconds,
            LatencySummary.Percentiles intended,
            LatencySummary.Percentiles service,
            Double serverCpuMicrosPerRequest,
            Double clientCpuMicrosPerRequest,
            String histogram,
            String serviceHistogram,
            String log) {

        /** Returns a rate that was not run, and why. */
        public static Rate skipped(double offeredRate, String why) {
            return new Rate(offeredRate, why, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, null);
        }
    }

    /** Writes this summary as {@value #FILE_NAME} in {@code dir}, replacing any there, and returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        return SummaryFiles.write(dir, FILE_NAME, this);
    }

    /** Returns the summary in {@code file}; throws when it is of another format. */
    public static RequestCostSummary read(Path file) throws IOException {
        return SummaryFiles.read(file, RequestCostSummary.class, RequestCostSummary::format, FORMAT);
    }

    /** Returns the summary in {@code dir}, or empty when the folder has no {@value #FILE_NAME}. */
    public static Optional<RequestCostSummary> readIn(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }
}
