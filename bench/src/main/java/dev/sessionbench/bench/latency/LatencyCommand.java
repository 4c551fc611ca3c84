package dev.sessionbench.bench.latency;

import dev.sessionbench.bench.RunCommand;
import dev.sessionbench.bench.Sessions;
import dev.sessionbench.bench.net.NetworkSpec;
import dev.sessionbench.bench.profile.ProcessCpu;
import dev.sessionbench.bench.profile.RedisCpuProfiler;
import dev.sessionbench.bench.report.LatencySummary;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionPolicy;
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
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code latency} command: open-loop latency of subjects' operations at offered loads, from the intended start
 * of every request (see {@link OpenLoop}), written as {@link LatencySummary} and HdrHistogram files.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar latency -s memory,redis -o lookupHit,mixed
 * --rate 1000 --load 50,90 -t 32 --warmup 10s --duration 10s}
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures latency under load, open loop: requests are issued at a fixed rate from a pool of"
                    + " request threads and each latency is recorded from the time the request was scheduled, so a"
                    + " stall counts against every request queued behind it (a closed loop such as JMH's hides that).",
            "Each subject and operation runs at every offered load: --rate in requests per second, and --load as a"
                    + " percentage of the subject's own maximum, measured first by a short closed-loop run at the same"
                    + " thread count (capped at the harness's highest rate, " + (long) OpenLoop.MAX_RATE
                    + "/s, with a line that says so). Prints p50, p90, p99, p99.9 and max; writes latency.json and, under latency/,"
                    + " HdrHistogram percentile distributions (.hgrm, microseconds) and histogram logs (.hlog). Client CPU per"
                    + " request is the JVM's process CPU time; for the Redis subjects also the server's (INFO cpu).",
            "Every run is bounded by its duration, --max-operations, and 10 s past its schedule."
        })
public final class LatencyCommand implements Callable<Integer> {

    /** Request threads unless --threads says otherwise: an application server's worker pool. */
    public static final int DEFAULT_THREADS = 32;
    /** The absolute offered load when neither --rate nor --load is given, requests per second. */
    public static final double DEFAULT_RATE = 1000;
    /** The offered loads, in percent of the maximum, when neither --rate nor --load is given. */
    public static final List<Integer> DEFAULT_LOADS = List.of(50, 90);
    /** Live sessions unless --live-sessions says otherwise. */
    public static final int DEFAULT_LIVE_SESSIONS = 10_000;
    /** Recorded requests per run at most, unless --max-operations says otherwise. */
    public static final long DEFAULT_MAX_OPERATIONS = 1_000_000;
    /** The folder a new run folder is made in unless --out says otherwise (the run command's, git-ignored). */
    public static final String DEFAULT_OUT = RunCommand.DEFAULT_OUT;
    /** The folder under the run folder that holds the histogram files. */
    public static final String HISTOGRAM_DIR = "latency";

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-s", "--subject"},
            split = ",",
            paramLabel = "SUBJECT",
            defaultValue = "memory",
            description = "Subjects to measure, as in the benchmarks' subject parameter (default: ${DEFAULT-VALUE}).")
    List<String> subjects;

    @Option(
            names = {"-o", "--operation"},
            split = ",",
            paramLabel = "OPERATION",
            defaultValue = "lookupHit,mixed",
            description = "lookupHit and/or mixed (default: ${DEFAULT-VALUE}).")
    List<String> operations;

    @Option(
            names = "--rate",
            split = ",",
            paramLabel = "OPS_PER_S",
            description = "Absolute offered loads, requests per second (default, with no --load: 1000).")
    List<Double> rates;

    @Option(
            names = "--load",
            split = ",",
            paramLabel = "PERCENT",
            description = "Offered loads in percent of the subject's closed-loop maximum at the same thread count"
                    + " (default, with no --rate: 50,90).")
    List<Integer> loads;

    @Option(
            names = {"-t", "--threads"},
            defaultValue = "" + DEFAULT_THREADS,
            description = "Request threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--live-sessions",
            defaultValue = "" + DEFAULT_LIVE_SESSIONS,
            description = "Live sessions while measuring (default: ${DEFAULT-VALUE}).")
    int liveSessions;

    @Option(names = "--payload", defaultValue = "small", description = "small or large (default: ${DEFAULT-VALUE}).")
    String payload;

    @Option(
            names = "--network",
            defaultValue = "direct",
            paramLabel = "NETWORK",
            description = "For the Redis subjects: direct, proxy-<rtt> (the delaying proxy; proxy-0us is its own"
                    + " cost) or rtt-<rtt> (tc netem where the kernel has it, else the proxy), e.g. rtt-1ms"
                    + " (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(
            names = "--warmup",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Warm-up of every run and of the maximum's measurement, not recorded, e.g. 500ms, 10s, 1m"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Recorded time of every run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--max-duration",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Measured time of the closed-loop maximum behind --load (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Option(
            names = "--max-operations",
            defaultValue = "" + DEFAULT_MAX_OPERATIONS,
            description = "Recorded requests per run at most (default: ${DEFAULT-VALUE}).")
    long maxOperations;

    @Option(
            names = "--out",
            defaultValue = DEFAULT_OUT,
            description = "Folder in which a new run folder is made (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--dir",
            description = "Exact folder to write into instead, e.g. a run's folder beside its"
                    + " jmh.json; rows are added to a latency.json already there.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        List<Subject> subjectList = subjects.stream().map(Subject::of).toList();
        List<Operation> ops = operations.stream().map(Operation::ofMethod).toList();
        for (Operation op : ops) {
            if (!Workloads.SUPPORTED.contains(op)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "the latency harness measures "
                                + Workloads.SUPPORTED.stream()
                                        .map(Operation::method)
                                        .toList() + ", not " + op.method());
            }
        }
        List<Double> absolute = rates == null ? List.of() : rates;
        List<Integer> fractions = loads == null ? List.of() : loads;
        if (rates == null && loads == null) {
            absolute = List.of(DEFAULT_RATE);
            fractions = DEFAULT_LOADS;
        }
        for (double rate : absolute) {
            if (!(rate > 0 && rate <= OpenLoop.MAX_RATE)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--rate must be above 0 and at most " + (long) OpenLoop.MAX_RATE + " requests/s, was " + rate);
            }
        }
        for (int load : fractions) {
            if (load < 1 || load > 100) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--load must be a percentage from 1 to 100, was " + load);
            }
        }
        Path runDir = dir != null ? dir : RunCommand.newRunFolder(out, LocalDateTime.now(), "latency");
        Path histograms = runDir.resolve(HISTOGRAM_DIR);
        Files.createDirectories(histograms);
        if (!ProcessCpu.isSupported()) {
            w.println("This JVM does not report its process CPU time: no CPU per operation.");
        }
        List<LatencySummary.Row> rows = new ArrayList<>();
        w.printf(
                Locale.ROOT,
                "%-16s %-10s %7s %10s %10s %9s %9s %9s %9s %9s %9s%n",
                "subject",
                "operation",
                "load",
                "offered/s",
                "achieved/s",
                "p50 us",
                "p90 us",
                "p99 us",
                "p99.9 us",
                "max us",
                "cpu us/op");
        for (Subject subject : subjectList) {
            for (Operation op : ops) {
                Sessions sessions = new Sessions();
                sessions.subject = subject.label();
                sessions.liveSessions = liveSessions;
                sessions.payload = payload;
                sessions.network = network;
                sessions.open(op, SessionPolicy.defaults(), threads);
                try {
                    var requests = Workloads.of(op, sessions);
                    Double max = null;
                    if (!fractions.isEmpty()) {
                        max = ClosedLoop.maxRate(requests, threads, warmup, maxDuration);
                        w.printf(
                                Locale.ROOT,
                                "%s %s: maximum %.0f requests/s at %d threads (closed loop)%n",
                                subject.label(),
                                op.method(),
                                max,
                                threads);
                    }
                    List<Load> plan = new ArrayList<>();
                    absolute.forEach(r -> plan.add(new Load("fixed", "rate" + Math.round(r), r, null)));
                    for (int f : fractions) {
                        plan.add(Load.shareOf(f, max));
                    }
                    for (Load load : plan) {
                        rows.add(measure(w, subject, op, load, max, requests, histograms));
                        w.flush();
                    }
                } finally {
                    sessions.close();
                }
            }
        }
        Path summary = LatencySummary.of(rows).appendTo(runDir);
        w.println("Wrote " + summary + " and the histograms under " + histograms);
        return rows.stream().anyMatch(r -> r.failures() > 0) ? 1 : 0;
    }

    /**
     * An offered load: its label in the row ({@code fixed} or a percentage), in file names, the rate offered, and
     * the rate asked for when it was above {@link OpenLoop#MAX_RATE} and the offer was capped there (else null).
     */
    record Load(String label, String fileLabel, double rate, Double uncapped) {

        /**
         * Returns {@code percent} % of {@code max} requests/s, capped at {@link OpenLoop#MAX_RATE}: a share of the
         * maximum of a fast subject (90 % of an in-memory lookup's 6.5 million/s) may be above what the harness
         * schedules, and is then offered at the cap rather than failing the step.
         */
        static Load shareOf(int percent, double max) {
            double asked = max * percent / 100.0;
            return asked > OpenLoop.MAX_RATE
                    ? new Load(percent + "%", percent + "pct", OpenLoop.MAX_RATE, asked)
                    : new Load(percent + "%", percent + "pct", asked, null);
        }

        /** Returns the line that says this load was capped, and why, or null when it was not. */
        String capNote(Double max) {
            if (uncapped == null) {
                return null;
            }
            return String.format(
                    Locale.ROOT,
                    "  capped: %s of the maximum %.0f/s is %.0f/s, above the harness's highest rate of %.0f/s;"
                            + " offered %.0f/s (%.0f %% of the maximum) instead",
                    label,
                    max,
                    uncapped,
                    OpenLoop.MAX_RATE,
                    rate,
                    100 * rate / max);
        }
    }

    private LatencySummary.Row measure(
            PrintWriter w,
            Subject subject,
            Operation op,
            Load load,
            Double max,
            java.util.function.Supplier<Request> requests,
            Path histograms)
            throws IOException {
        OpenLoop.Settings settings = new OpenLoop.Settings(load.rate(), threads, warmup, duration, maxOperations);
        long startMillis = System.currentTimeMillis();
        List<RedisEndpoint> servers = RedisCpuProfiler.serversOf(subject.label());
        LongSupplier serverCpu =
                servers.isEmpty() ? null : () -> Math.round(RedisCpuProfiler.cpuSeconds(servers) * 1e9);
        OpenLoop.Result r = OpenLoop.run(settings, requests, Ticker.SYSTEM, ProcessCpu::nanos, serverCpu);
        String name = subject.label() + "-" + op.method() + "-" + load.fileLabel()
                + (NetworkSpec.parse(network).isDirect()
                        ? ""
                        : "-" + NetworkSpec.parse(network).label());
        HistogramFiles.Written files = HistogramFiles.write(histograms, name, r, startMillis);
        LatencySummary.Percentiles intended = percentiles(r.intended());
        LatencySummary.Percentiles service = percentiles(r.service());
        double cpu = r.cpuNanosPerOperation() / 1000.0;
        double cores = ProcessCpu.cores(r.cpuNanos(), r.wallNanos());
        double serverCpuPerOp = r.serverCpuNanosPerOperation() / 1000.0;
        w.printf(
                Locale.ROOT,
                "%-16s %-10s %7s %10.0f %10.0f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                subject.label(),
                op.method(),
                load.label(),
                load.rate(),
                r.achievedRate(),
                intended.p50(),
                intended.p90(),
                intended.p99(),
                intended.p999(),
                intended.max(),
                cpu);
        String capped = load.capNote(max);
        if (capped != null) {
            w.println(capped);
        }
        if (r.unissued() > 0) {
            w.printf(Locale.ROOT, "  could not keep up: %d scheduled requests were not issued%n", r.unissued());
        }
        if (r.failures() > 0) {
            w.printf(Locale.ROOT, "  %d requests failed, the first with %s%n", r.failures(), r.firstFailure());
        }
        String prefix = HISTOGRAM_DIR + "/";
        return new LatencySummary.Row(
                subject.label(),
                op.method(),
                NetworkSpec.parse(network).label(),
                threads,
                load.label(),
                load.rate(),
                max,
                r.achievedRate(),
                r.operations(),
                r.unissued(),
                r.failures(),
                warmup.toNanos() / 1e9,
                duration.toNanos() / 1e9,
                intended,
                service,
                Double.isNaN(cpu) ? null : cpu,
                Double.isNaN(cores) ? null : cores,
                Double.isNaN(serverCpuPerOp) ? null : serverCpuPerOp,
                prefix + files.intended(),
                prefix + files.service(),
                prefix + files.log());
    }

    /** Returns the percentiles of {@code nanos}, a histogram of nanoseconds, in microseconds. */
    public static LatencySummary.Percentiles percentiles(Histogram nanos) {
        return new LatencySummary.Percentiles(
                micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(90)),
                micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)),
                micros(nanos.getMaxValue()),
                nanos.getMean() / 1000.0);
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    /** Reads durations such as {@code 500ms}, {@code 10s} or {@code 2m}. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORMAT.matcher(value.trim());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration such as 500ms, 10s or 2m");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
    }
}
