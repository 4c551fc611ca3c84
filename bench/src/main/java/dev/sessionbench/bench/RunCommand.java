package dev.sessionbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sessionbench.bench.Plan.CommandStep;
import dev.sessionbench.bench.Plan.Profile;
import dev.sessionbench.bench.Plan.Step;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.net.Netem;
import dev.sessionbench.bench.net.NetworkSpec;
import dev.sessionbench.bench.report.Environment;
import dev.sessionbench.bench.report.ReportCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a profile of the suite: the footprint step, then every JMH step of the profile, each in forked JVMs, with
 * progress and an estimate of the time left; writes {@code jmh.json} and {@code environment.json} into
 * {@code bench-results/<date-time>-<profile>/} and renders the report there. {@code quick} by default.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a profile of the benchmark suite and renders its report.",
            "quick: a sample of the full run's rows at the full run's settings: lookups of memory and redis at 1"
                    + " thread, of memory, mapdb, redis and their raw limits at 32, redis and raw-lettuce at a 1 ms"
                    + " round trip, and the open-loop latency of mixed traffic on memory and redis (--dry-run: about"
                    + " 9 minutes on 2 cores).",
            "full: the published run: every operation of every strategy beside its raw limit and peer, the"
                    + " headline operations at 1, 32 and (Redis) 128 threads, Redis through 0.2 and 1 ms round trips,"
                    + " the Redis store on a cluster, open-loop latency of lookups and mixed traffic at 32 threads, and"
                    + " what each session choice costs an HTTP request (--dry-run: under 2 and a half hours on 2 cores).",
            "comparisons: each store beside its raw limit and peer at 100,000 live sessions, at 1 thread and"
                    + " under concurrency (Redis lookups at 32 threads, crash-safe MapDB saves at 8), and expiry"
                    + " from 1,000 to 1,000,000 live sessions (about 25 minutes).",
            "Every JMH row carries the CPU per operation of the benchmark JVM (and of Redis for the Redis"
                    + " subjects). Steps that are not JMH run the suite's own commands in forked JVMs, stopped after a"
                    + " generous timeout; a failed one is a note of the run, not its end."
        })
public final class RunCommand implements Callable<Integer> {

    /** Where runs are written unless --out says otherwise; git-ignored. */
    public static final String DEFAULT_OUT = "bench-results";
    /** How long a step waits for another JMH run on the machine to release JMH's lock. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(15);

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");

    @Option(
            names = "--profile",
            defaultValue = "quick",
            description = "quick, full or comparisons; default: ${DEFAULT-VALUE}")
    String profile;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "SUBJECT",
            description = "Keep only these subjects (labels such as memory,raw-chm,spring-map).")
    List<String> only = new ArrayList<>();

    @Option(
            names = "--include",
            paramLabel = "REGEX",
            description = "Keep only the steps whose Benchmark.method matches, e.g. 'Lookup|Create'.")
    String include;

    @Option(
            names = "--jmh",
            paramLabel = "ARGS",
            description = "More JMH options for every step, as on JMH's command line, e.g. \"-prof stack\".")
    String jmhArgs;

    @Option(names = "--out", defaultValue = DEFAULT_OUT, description = "Results folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--machine", description = "Machine name for the report (default: the host name).")
    String machine;

    @Option(names = "--no-footprint", description = "Skip the footprint step.")
    boolean noFootprint;

    @Option(names = "--no-report", description = "Do not render the report at the end.")
    boolean noReport;

    @Option(names = "--dry-run", description = "Print the plan and its estimated duration, run nothing.")
    boolean dryRun;

    private final PrintStream console = System.out;

    /**
     * Returns the path of a new run folder under {@code out}, named by {@code at} to the second and {@code label}, as
     * every command that makes one names it: {@code 2026-01-01-120000-quick}.
     */
    public static Path newRunFolder(Path out, LocalDateTime at, String label) {
        return out.resolve(at.format(FOLDER_TIME) + "-" + label);
    }

    @Override
    public Integer call() throws IOException, RunnerException, CommandLineOptionException {
        Profile p = parseProfile(profile);
        List<Step> steps = Plan.narrow(Plan.steps(p), only, include);
        List<CommandStep> commands = Plan.narrowCommands(Plan.commands(p), only, include);
        if (steps.isEmpty() && commands.isEmpty()) {
            console.println("nothing to run: no step is left after --only/--include");
            return 2;
        }
        CommandLineOptions extra = jmhArgs == null || jmhArgs.isBlank()
                ? null
                : new CommandLineOptions(jmhArgs.trim().split("\\s+"));
        long commandSeconds =
                commands.stream().mapToLong(CommandStep::estimateSeconds).sum();
        long estimate = steps.stream().mapToLong(s -> s.estimateSeconds(p)).sum()
                + commandSeconds
                + (noFootprint ? 0 : Plan.FOOTPRINT_SECONDS);
        int totalRuns = steps.stream().mapToInt(Step::runs).sum();
        console.printf(
                "sessionbench %s profile: %d JMH steps of %d runs, %d command step%s%s, about %s (%s)%n",
                p.label(),
                steps.size(),
                totalRuns,
                commands.size(),
                commands.size() == 1 ? "" : "s",
                noFootprint ? "" : " and the footprint",
                human(estimate),
                p.jmhSettings());
        for (int i = 0; i < steps.size(); i++) {
            console.printf(
                    "  %2d. %s (~%s)%n", i + 1, steps.get(i), human(steps.get(i).estimateSeconds(p)));
        }
        for (int i = 0; i < commands.size(); i++) {
            console.printf(
                    "  %2d. %s (~%s, stopped after %s)%n",
                    steps.size() + i + 1,
                    commands.get(i),
                    human(commands.get(i).estimateSeconds()),
                    human(commands.get(i).timeoutSeconds()));
        }
        if (dryRun) {
            return 0;
        }

        long started = System.nanoTime();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Path runDir = newRunFolder(out, now, p.label());
        Files.createDirectories(runDir);
        console.println("writing to " + runDir.toAbsolutePath());
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "load average when the run started: %.2f on %d cores (other work on the "
                        + "machine is noise in every number)",
                EnvironmentProbe.loadAverage(),
                Runtime.getRuntime().availableProcessors()));
        notes.addAll(simulatedNetworkNotes(steps, new Netem()));
        // the commit the jar was built from, not the working directory's
        String commit = EnvironmentProbe.gitCommit();

        java.util.Map<String, java.util.Map<String, Double>> footprint = java.util.Map.of();
        if (!noFootprint) {
            console.println("== footprint per live session (outside JMH)");
            Footprint f = new Footprint(console::println);
            footprint = f.measure();
            notes.add(f.redisOwnExpiry(100_000, 10_000, 3_000));
            notes.add(f.redisOwnExpiry(0, 10_000, 3_000));
            notes.addAll(f.notes());
        }

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        long jmhStarted = System.nanoTime();
        ArrayNode all = json.createArrayNode();
        Path jmhJson = runDir.resolve("jmh.json");
        json.writeValue(jmhJson.toFile(), all);
        long estimatedDone = 0;
        long remaining = steps.stream().mapToLong(s -> s.estimateSeconds(p)).sum() + commandSeconds;
        int total = steps.size() + commands.size();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            console.printf(
                    "%n== step %d/%d: %s%n== %d runs in this step, %d steps left after it; %s%n",
                    i + 1, total, step, step.runs(), total - i - 1, timeLeft(jmhStarted, estimatedDone, remaining));
            Path stepJson = runDir.resolve("step-" + (i + 1) + ".json");
            runHoldingJmhLock(new Runner(options(step, p, extra, stepJson).build()));
            int rows = 0;
            if (Files.exists(stepJson)) {
                JsonNode rowsNode = json.readTree(stepJson.toFile());
                rows = rowsNode.size();
                rowsNode.forEach(all::add);
                Files.delete(stepJson);
            }
            if (rows < step.runs()) {
                String note = "step " + step.name() + " threads=" + step.threads() + ": " + (step.runs() - rows)
                        + " of " + step.runs() + " runs produced no result (see the run's log)";
                notes.add(note);
                console.println("!! " + note);
            }
            json.writeValue(jmhJson.toFile(), all);
            estimatedDone += step.estimateSeconds(p);
            remaining -= step.estimateSeconds(p);
        }
        for (int i = 0; i < commands.size(); i++) {
            CommandStep command = commands.get(i);
            console.printf(
                    "%n== step %d/%d: %s%n== %d steps left after it; %s%n",
                    steps.size() + i + 1,
                    total,
                    command,
                    total - steps.size() - i - 1,
                    timeLeft(jmhStarted, estimatedDone, remaining));
            runCommandStep(command, List.of(forkJvmArgs(p)), runDir, console, notes);
            estimatedDone += command.estimateSeconds();
            remaining -= command.estimateSeconds();
        }

        long duration = Math.round((System.nanoTime() - started) / 1e9);
        Environment env = new Environment(
                EnvironmentProbe.date(),
                machine != null ? machine : EnvironmentProbe.machine(),
                p.label(),
                EnvironmentProbe.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                EnvironmentProbe.memoryBytes(),
                EnvironmentProbe.os(),
                EnvironmentProbe.jdk(),
                p.jvmArgs,
                EnvironmentProbe.redisVersion(),
                Adapters.redisLocation(),
                EnvironmentProbe.mapdbDurability(),
                EnvironmentProbe.libraries(),
                commit,
                p.jmhSettings() + (jmhArgs == null ? "" : " " + jmhArgs.trim()),
                reproduce(p),
                duration,
                footprint,
                notes);
        json.writeValue(runDir.resolve("environment.json").toFile(), env);
        console.printf("%n== done in %s: %s and %s%n", human(duration), jmhJson, runDir.resolve("environment.json"));
        if (noReport) {
            return 0;
        }
        console.println("== rendering the report");
        return new picocli.CommandLine(new ReportCommand()).execute(runDir.toString());
    }

    /** Runs, waiting while another JMH run on the machine holds JMH's lock (up to {@link #LOCK_WAIT}). */
    private void runHoldingJmhLock(Runner runner) throws RunnerException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            try {
                runner.run();
                return;
            } catch (RunnerException e) {
                if (!String.valueOf(e.getMessage()).contains("JMH lock") || System.nanoTime() > deadline) {
                    throw e;
                }
                console.println("another JMH run on this machine holds JMH's lock (/tmp/jmh.lock); waiting 10 s");
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private ChainedOptionsBuilder options(Step step, Profile p, CommandLineOptions extra, Path result) {
        Plan.Settings settings = p.settings(step);
        ChainedOptionsBuilder b = new OptionsBuilder();
        if (extra != null) {
            b = b.parent(extra);
        }
        if (!step.networks().equals(Plan.DIRECT)) {
            b = b.param("network", step.networks().toArray(String[]::new));
        }
        for (Class<? extends org.openjdk.jmh.profile.InternalProfiler> profiler : step.profilers()) {
            b = b.addProfiler(profiler);
        }
        return b.include(step.include())
                .param("subject", step.subjects().toArray(String[]::new))
                .param(
                        "liveSessions",
                        step.liveSessions().stream().map(String::valueOf).toArray(String[]::new))
                .param("payload", step.payloads().toArray(String[]::new))
                .threads(step.threads())
                .forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.seconds(settings.iterationSeconds()))
                .jvmArgsAppend(forkJvmArgs(p))
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .shouldFailOnError(false);
    }

    /**
     * Runs a command step: {@code java} of this JVM's {@code java.home}, {@code jvmArgs}, this JVM's class path,
     * {@link Cli} and the step's command line, its output streamed to {@code console} and written to
     * {@code <runDir>/<name>.log}; stopped after the step's timeout. A command that fails, cannot start or is
     * stopped adds a note and the run goes on.
     *
     * @return whether the command exited with 0 in time
     */
    static boolean runCommandStep(
            CommandStep step, List<String> jvmArgs, Path runDir, PrintStream console, List<String> notes) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Cli.class.getName());
        command.addAll(step.commandLine(runDir));
        Path log = runDir.resolve(step.name() + ".log");
        String failure;
        try {
            Files.createDirectories(runDir);
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread pump = new Thread(() -> copy(process, log, console), "sessionbench-" + step.name() + "-output");
            pump.setDaemon(true);
            pump.start();
            if (!process.waitFor(step.timeoutSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                pump.join(5_000);
                failure = "stopped after " + human(step.timeoutSeconds()) + " (its estimate: "
                        + human(step.estimateSeconds()) + "); its rows so far are kept";
            } else {
                pump.join(5_000);
                int exit = process.exitValue();
                if (exit == 0) {
                    return true;
                }
                failure = "exited with " + exit;
            }
        } catch (IOException e) {
            failure = "could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        String note = "step " + step.name() + " [" + String.join(",", step.subjects()) + "] " + failure + " (see "
                + log.getFileName() + ")";
        notes.add(note);
        console.println("!! " + note);
        return false;
    }

    private static void copy(Process process, Path log, PrintStream console) {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log, java.nio.charset.StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                console.println(line);
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException e) {
            console.println("!! the output of " + log.getFileName() + " could not be copied: " + e.getMessage());
        }
    }

    private static String[] forkJvmArgs(Profile p) {
        List<String> args = new ArrayList<>(p.jvmArgs);
        String redis = Adapters.forkRedisProperty();
        if (redis != null) {
            args.add(redis);
        }
        return args.toArray(String[]::new);
    }

    private String reproduce(Profile p) {
        StringBuilder sb = new StringBuilder("java -jar bench/target/benchmarks.jar run --profile " + p.label());
        if (!only.isEmpty()) {
            sb.append(" --only ").append(String.join(",", only));
        }
        if (include != null) {
            sb.append(" --include '").append(include).append('\'');
        }
        if (jmhArgs != null) {
            sb.append(" --jmh '").append(jmhArgs.trim()).append('\'');
        }
        return sb.toString();
    }

    /**
     * Returns, for each simulated round trip ({@code rtt-...}) the steps use, how this machine adds it: "rtt-1ms via
     * netem" where the kernel has the qdisc, else "rtt-1ms via proxy (netem unavailable: ...)", so that a report
     * says which network its rows went through.
     */
    static List<String> simulatedNetworkNotes(List<Step> steps, Netem netem) {
        List<String> simulated = steps.stream()
                .flatMap(s -> s.networks().stream())
                .distinct()
                .filter(n -> NetworkSpec.parse(n).kind() == NetworkSpec.Kind.SIMULATED)
                .toList();
        if (simulated.isEmpty()) {
            return List.of();
        }
        Netem.Availability a = netem.availability();
        String way = a.available() ? "via netem" : "via proxy (netem unavailable: " + a.reason() + ")";
        return simulated.stream().map(n -> n + " " + way).toList();
    }

    static Profile parseProfile(String label) {
        for (Profile p : Profile.values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(new RunCommand()),
                "unknown profile '" + label + "'; known: "
                        + java.util.Arrays.stream(Profile.values())
                                .map(Profile::label)
                                .toList());
    }

    /**
     * Returns "about 7m05s left (done near 06:12:40 UTC)": the {@code remaining} estimated seconds times the pace
     * of the steps done since {@code startedNanos} (their elapsed over their estimated {@code estimatedDone} seconds,
     * at least 0.5).
     */
    private static String timeLeft(long startedNanos, long estimatedDone, long remaining) {
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        double pace = estimatedDone > 0 ? Math.max(0.5, elapsed / estimatedDone) : 1.0;
        long left = Math.round(remaining * pace);
        return "about " + human(left) + " left (done near "
                + LocalTime.now(ZoneOffset.UTC).plusSeconds(left).withNano(0) + " UTC)";
    }

    /** Returns a duration such as {@code 7m05s}. */
    static String human(long seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        return d.toHours() > 0
                ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
