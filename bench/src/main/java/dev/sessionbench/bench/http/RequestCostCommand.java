package dev.sessionbench.bench.http;

import dev.sessionbench.bench.RunCommand;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.latency.ClosedLoop;
import dev.sessionbench.bench.latency.HistogramFiles;
import dev.sessionbench.bench.latency.LatencyCommand;
import dev.sessionbench.bench.latency.OpenLoop;
import dev.sessionbench.bench.latency.Request;
import dev.sessionbench.bench.latency.Ticker;
import dev.sessionbench.bench.profile.ProcessCpu;
import dev.sessionbench.bench.report.LatencySummary;
import dev.sessionbench.bench.report.RequestCostSummary;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code request-cost} command: what a web request costs with each session store. See the command's
 * description and {@link RequestCostSummary} for what it measures and writes, and {@link #estimateSeconds(List)}
 * for how long it takes.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar request-cost -s none,memory,redis,spring-redis -c 32
 * --rate 500,1000 --warmup 5s --duration 10s}
 */
@Command(
        name = "request-cost",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures what your session choice costs a request: one endpoint of a Spring Boot web"
                    + " application (embedded Tomcat) reads the session, increments a counter in it and answers a few"
                    + " bytes; the same application answers without a session (store 'none'); and Spring Session's own"
                    + " RedisSessionRepository ('spring-redis', as Spring Boot configures it) runs on the same Redis as"
                    + " the 'redis' store.",
            "The application runs in a JVM of its own (" + "-Xms1g -Xmx1g" + "), one per store, on loopback;"
                    + " its CPU per request is its process's CPU time (all its threads) over the measured requests."
                    + " The load generator is this JVM: one Apache HttpClient 5 per request thread, each with exactly"
                    + " one keep-alive connection and its own session, created before anything is measured. Both share"
                    + " this machine's cores.",
            "For each store and number of connections: the saturation rate (a closed loop on every connection),"
                    + " then each --rate as an open-loop run (latency from each request's scheduled start, into"
                    + " HdrHistogram). A rate above --max-load percent of that store's saturation is not run.",
            "Writes request-cost.json and, under request-cost/, the .hgrm and .hlog histograms and each"
                    + " application's log. Bounded: every run by its duration, --max-operations and 10 s past its"
                    + " schedule; the application's start by 120 s."
        })
public final class RequestCostCommand implements Callable<Integer> {

    /** The folder under the run folder that holds the histograms and the applications' logs. */
    public static final String HISTOGRAM_DIR = "request-cost";
    /** Seconds allowed in the estimate for starting and stopping one application JVM and creating its sessions. */
    public static final long APP_SECONDS = 20;
    /** The endpoint measured, as the results describe it. */
    static final String ENDPOINT = "GET /counter: read the session, increment the Integer attribute 'count', answer"
            + " the count as text (a few bytes); 'none': GET /plain answers 'ok' without a session";

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-s", "--store"},
            split = ",",
            paramLabel = "STORE",
            defaultValue = "none,memory,mapdb,redis,spring-redis",
            description = "none, memory, mapdb, redis, spring-redis (default: ${DEFAULT-VALUE}).")
    List<String> stores;

    @Option(
            names = {"-c", "--connections"},
            split = ",",
            defaultValue = "32,128",
            description =
                    "Concurrent connections, one request thread and one session each (default:" + " ${DEFAULT-VALUE}).")
    List<Integer> connections;

    @Option(
            names = "--rate",
            split = ",",
            paramLabel = "REQ_PER_S",
            defaultValue = "500,1000,2000",
            description = "Fixed offered rates, requests per second (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(
            names = "--max-load",
            defaultValue = "90",
            paramLabel = "PERCENT",
            description = "Rates above this percentage of a store's saturation rate are not run: their queue would"
                    + " only grow (default: ${DEFAULT-VALUE}).")
    int maxLoad;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = LatencyCommand.DurationConverter.class,
            description = "Warm-up before the saturation measurement and before every rate, not recorded"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = LatencyCommand.DurationConverter.class,
            description = "Recorded time at every rate (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--max-duration",
            defaultValue = "5s",
            converter = LatencyCommand.DurationConverter.class,
            description = "Measured time of the saturation rate (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Option(
            names = "--max-operations",
            defaultValue = "1000000",
            description = "Recorded requests per rate at most (default: ${DEFAULT-VALUE}).")
    long maxOperations;

    @Option(
            names = "--out",
            defaultValue = RunCommand.DEFAULT_OUT,
            description = "Folder in which a new run folder is made (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--dir",
            description = "Exact folder to write into instead, e.g. a run's folder beside its"
                    + " jmh.json; a request-cost.json there is replaced.")
    Path dir;

    /**
     * Returns the estimated seconds of a run with {@code args} (the command's own options, without the command name):
     * for each store, {@value #APP_SECONDS} s for the application, plus for each connection count
     * {@code warmup + maxDuration} for the saturation rate and {@code warmup + duration} for each rate. A rate skipped
     * for being above {@code --max-load} takes less; a run that cannot keep up may take up to 10 s more.
     */
    public static long estimateSeconds(List<String> args) {
        RequestCostCommand c = new RequestCostCommand();
        new CommandLine(c).parseArgs(args.toArray(String[]::new));
        return c.estimate();
    }

    private long estimate() {
        double perConnections =
                seconds(warmup) + seconds(maxDuration) + rates.size() * (seconds(warmup) + seconds(duration));
        return Math.round(stores.stream().distinct().count() * (APP_SECONDS + connections.size() * perConnections));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        List<SessionChoice> choices =
                stores.stream().map(SessionChoice::of).distinct().toList();
        check(
                !connections.isEmpty() && connections.stream().allMatch(c -> c >= 1 && c <= OpenLoop.MAX_THREADS),
                "--connections must be 1 to " + OpenLoop.MAX_THREADS);
        check(rates.stream().allMatch(r -> r > 0 && r <= OpenLoop.MAX_RATE), "--rate must be above 0");
        check(maxLoad >= 1 && maxLoad <= 100, "--max-load must be 1 to 100");
        check(!duration.isZero() && !maxDuration.isZero(), "--duration and --max-duration must be above 0");
        Path runDir = dir != null ? dir : RunCommand.newRunFolder(out, LocalDateTime.now(), "request-cost");
        Path files = runDir.resolve(HISTOGRAM_DIR);
        Files.createDirectories(files);
        w.printf(Locale.ROOT, "Estimated time: %d s.%n", estimate());
        if (choices.stream().anyMatch(SessionChoice::needsRedis)) {
            w.println("Redis: " + Adapters.redisLocation());
        }
        w.printf(
                Locale.ROOT,
                "%-13s %5s %12s %10s %10s %10s %10s %11s %11s%n",
                "store",
                "conns",
                "offered/s",
                "achieved/s",
                "p50 us",
                "p99 us",
                "max us",
                "app cpu us",
                "client cpu");
        w.flush();
        List<RequestCostSummary.Row> rows = new ArrayList<>();
        for (SessionChoice choice : choices) {
            rows.addAll(measure(w, choice, files));
            RequestCostSummary.of(ENDPOINT, server(), client(), rows).write(runDir);
        }
        Path summary = RequestCostSummary.of(ENDPOINT, server(), client(), rows).write(runDir);
        w.println("Wrote " + summary + " and the histograms under " + files);
        boolean failed = rows.stream().flatMap(r -> r.rates().stream()).anyMatch(r -> r.failures() > 0);
        return failed ? 1 : 0;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(new CommandLine(new RequestCostCommand()), message);
        }
    }

    static String server() {
        return "CounterApp (Spring Boot, embedded Tomcat) in a forked JVM, " + String.join(" ", AppProcess.JVM_FLAGS)
                + ", Java " + System.getProperty("java.version") + ", on 127.0.0.1; CPU per request from the process's"
                + " CPU time (ProcessHandle, all threads)";
    }

    static String client() {
        return "Apache HttpClient 5 classic, one client with a one-connection keep-alive pool per request thread, in"
                + " the benchmark JVM on the same machine";
    }

    private List<RequestCostSummary.Row> measure(PrintWriter w, SessionChoice choice, Path files) throws IOException {
        String prefix = choice.needsRedis() ? Adapters.newPrefix() : null;
        String redisUrl = choice.needsRedis() ? Adapters.redisUrl() : null;
        Path mapdbDir = choice == SessionChoice.MAPDB ? Adapters.tempDir() : null;
        String storeUri = switch (choice) {
            case MEMORY -> "memory:";
            case MAPDB -> "mapdb:" + mapdbDir.resolve("sessions.db");
            case REDIS -> redisUrl + (redisUrl.contains("?") ? "&" : "?") + "prefix=" + prefix;
            default -> null;
        };
        String shownUri = switch (choice) {
            case NONE -> "(no session)";
            case MAPDB -> "mapdb:<temp dir>/sessions.db";
            case REDIS -> RedisEndpoint.parse(redisUrl) + "?prefix=<random prefix>";
            case SPRING_REDIS ->
                "RedisSessionRepository on " + RedisEndpoint.parse(redisUrl) + ", namespace <random prefix>";
            default -> storeUri;
        };
        List<RequestCostSummary.Row> rows = new ArrayList<>();
        try (AppProcess app = AppProcess.start(
                choice.properties(storeUri, redisUrl, prefix), files.resolve(choice.label() + "-app.log"))) {
            for (int c : connections) {
                rows.add(measure(w, choice, shownUri, app, c, files));
            }
        } finally {
            if (prefix != null) {
                Adapters.deleteUnder(prefix);
            }
            if (mapdbDir != null) {
                Adapters.delete(mapdbDir);
            }
        }
        return rows;
    }

    private RequestCostSummary.Row measure(
            PrintWriter w, SessionChoice choice, String shownUri, AppProcess app, int c, Path files)
            throws IOException {
        List<Visitor> visitors = new ArrayList<>();
        try {
            for (int i = 0; i < c; i++) {
                Visitor v = new Visitor(app.port(), choice);
                visitors.add(v);
                v.createSession();
            }
            ConcurrentLinkedQueue<Visitor> free = new ConcurrentLinkedQueue<>(visitors);
            Supplier<Request> requests = () -> {
                Visitor v = free.poll();
                if (v == null) {
                    throw new IllegalStateException("more request threads than connections");
                }
                return new Request() {
                    @Override
                    public Object call() {
                        return v.call();
                    }

                    @Override
                    public void finish() {
                        free.add(v);
                    }
                };
            };
            if (!warmup.isZero()) {
                ClosedLoop.maxRate(requests, c, Duration.ZERO, warmup);
            }
            long serverBefore = app.cpuNanos();
            long clientBefore = ProcessCpu.nanos();
            double saturation;
            try {
                saturation = ClosedLoop.maxRate(requests, c, Duration.ZERO, maxDuration);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(
                        choice.label() + " at " + c + " connections: " + e.getMessage()
                                + (app.isAlive() ? "" : "; the application stopped:\n" + app.logTail()),
                        e);
            }
            double saturationRequests = saturation * seconds(maxDuration);
            Double serverCpu = perRequest(app.cpuNanos() - serverBefore, serverBefore, saturationRequests);
            Double clientCpu = perRequest(ProcessCpu.nanos() - clientBefore, clientBefore, saturationRequests);
            w.printf(
                    Locale.ROOT,
                    "%-13s %5d %12s %10.0f %10s %10s %10s %11s %11s%n",
                    choice.label(),
                    c,
                    "saturation",
                    saturation,
                    "",
                    "",
                    "",
                    fmt(serverCpu),
                    fmt(clientCpu));
            w.flush();
            List<RequestCostSummary.Rate> measured = new ArrayList<>();
            for (double rate : rates) {
                if (rate > saturation * maxLoad / 100.0) {
                    String why = String.format(
                            Locale.ROOT, "above %d %% of the saturation rate (%.0f requests/s)", maxLoad, saturation);
                    measured.add(RequestCostSummary.Rate.skipped(rate, why));
                    w.printf(Locale.ROOT, "%-13s %5d %12.0f  not run: %s%n", choice.label(), c, rate, why);
                    continue;
                }
                measured.add(rate(w, choice, app, c, rate, requests, files));
                w.flush();
            }
            for (Visitor v : visitors) {
                if (v.connections() > 1) {
                    throw new IllegalStateException("a request thread held more than one connection");
                }
            }
            return new RequestCostSummary.Row(
                    choice.label(),
                    shownUri,
                    c,
                    app.startSeconds(),
                    saturation,
                    seconds(maxDuration),
                    serverCpu,
                    clientCpu,
                    measured);
        } finally {
            visitors.forEach(Visitor::close);
        }
    }

    private RequestCostSummary.Rate rate(
            PrintWriter w,
            SessionChoice choice,
            AppProcess app,
            int c,
            double rate,
            Supplier<Request> requests,
            Path files)
            throws IOException {
        OpenLoop.Settings settings = new OpenLoop.Settings(rate, c, warmup, duration, maxOperations);
        long startMillis = System.currentTimeMillis();
        OpenLoop.Result r = OpenLoop.run(settings, requests, Ticker.SYSTEM, ProcessCpu::nanos, app::cpuNanos);
        String name = choice.label() + "-c" + c + "-rate" + Math.round(rate);
        HistogramFiles.Written written = HistogramFiles.write(files, name, r, startMillis);
        LatencySummary.Percentiles intended = LatencyCommand.percentiles(r.intended());
        LatencySummary.Percentiles service = LatencyCommand.percentiles(r.service());
        Double serverCpu = micros(r.serverCpuNanosPerOperation());
        Double clientCpu = micros(r.cpuNanosPerOperation());
        w.printf(
                Locale.ROOT,
                "%-13s %5d %12.0f %10.0f %10.1f %10.1f %10.1f %11s %11s%n",
                choice.label(),
                c,
                rate,
                r.achievedRate(),
                intended.p50(),
                intended.p99(),
                intended.max(),
                fmt(serverCpu),
                fmt(clientCpu));
        if (r.unissued() > 0) {
            w.printf(Locale.ROOT, "  could not keep up: %d scheduled requests were not issued%n", r.unissued());
        }
        if (r.failures() > 0) {
            w.printf(Locale.ROOT, "  %d requests failed, the first with %s%n", r.failures(), r.firstFailure());
        }
        String dirPrefix = HISTOGRAM_DIR + "/";
        return new RequestCostSummary.Rate(
                rate,
                null,
                r.achievedRate(),
                r.operations(),
                r.unissued(),
                r.failures(),
                seconds(warmup),
                seconds(duration),
                intended,
                service,
                serverCpu,
                clientCpu,
                dirPrefix + written.intended(),
                dirPrefix + written.service(),
                dirPrefix + written.log());
    }

    private static Double perRequest(long cpuNanos, long before, double requests) {
        return before < 0 || cpuNanos < 0 || requests <= 0 ? null : cpuNanos / requests / 1000.0;
    }

    private static Double micros(double nanos) {
        return Double.isNaN(nanos) ? null : nanos / 1000.0;
    }

    private static String fmt(Double micros) {
        return micros == null ? "n/a" : String.format(Locale.ROOT, "%.1f", micros);
    }
}
