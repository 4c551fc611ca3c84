package dev.sessionbench.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One benchmark run as the report reads it: the JMH results of {@code jmh.json} and the {@link Environment} of
 * {@code environment.json} in one directory, with the look-ups every report section needs. Only throughput results
 * are compared; others are counted and named in the report.
 */
public final class Run {

    /** The JMH results file in a run directory. */
    public static final String JMH_JSON = "jmh.json";
    /** The environment record in a run directory. */
    public static final String ENVIRONMENT_JSON = "environment.json";
    /** The profile whose runs are published. */
    public static final String FULL_PROFILE = "full";
    /** The profile that measures a sample of the full run's rows with the full run's settings. */
    public static final String QUICK_PROFILE = "quick";
    /** What the run command appends to the commit of a jar built from a tree with changes. */
    public static final String DIRTY_SUFFIX = "-dirty";
    /** What the run command records when its jar was built outside a git checkout. */
    public static final String UNKNOWN_COMMIT = "unknown";

    /** Operations in the order a reader meets them; others follow alphabetically. */
    public static final List<String> OPERATION_ORDER = List.of(
            "create",
            "lookupHit",
            "lookupMiss",
            "lookupMalformed",
            "accessAndSave",
            "changeId",
            "invalidate",
            "expiry",
            "mixed");

    private final Path dir;
    private final Environment environment;
    private final boolean environmentRecorded;
    private final List<Measurement> throughput;
    private final List<Measurement> everyNetwork;
    private final List<Measurement> otherModes;
    private final Optional<LatencySummary> latency;
    private final String latencyProblem;
    private final List<String> jmhSettings;

    private Run(
            Path dir,
            Environment environment,
            boolean environmentRecorded,
            JmhJson jmh,
            Optional<LatencySummary> latency,
            String latencyProblem) {
        this.dir = dir;
        this.environment = environment;
        this.environmentRecorded = environmentRecorded;
        this.latency = latency;
        this.latencyProblem = latencyProblem;
        this.everyNetwork = jmh.measurements().stream()
                .filter(Measurement::isThroughput)
                .sorted(Comparator.comparing((Measurement m) -> operationRank(m.operation()))
                        .thenComparing(Measurement::operation)
                        .thenComparing(m -> m.liveSessions().orElse(0L))
                        .thenComparing(m -> m.payload().orElse(""))
                        .thenComparing(m -> m.params().toString())
                        .thenComparingInt(Measurement::threads)
                        .thenComparing(m -> subjectRank(m.subject()))
                        .thenComparing(Measurement::subject))
                .toList();
        // a row through a simulated network is another measurement of the same config: kept apart, never merged
        this.throughput = everyNetwork.stream().filter(Measurement::isDirect).toList();
        this.otherModes =
                jmh.measurements().stream().filter(m -> !m.isThroughput()).toList();
        this.jmhSettings = jmh.settings();
    }

    /** Returns a JSON mapper that reads the run files and tolerates fields added by later versions. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Returns the run in {@code dir}. {@code jmh.json} is required; without {@code environment.json} the report says
     * "not recorded" for every environment field.
     */
    public static Run load(Path dir) throws IOException {
        Path jmh = dir.resolve(JMH_JSON);
        if (!Files.isRegularFile(jmh)) {
            throw new IllegalArgumentException("no " + JMH_JSON + " in " + dir
                    + ": a run directory holds JMH's -rf json output as " + JMH_JSON + " and " + ENVIRONMENT_JSON);
        }
        ObjectMapper mapper = mapper();
        Path envFile = dir.resolve(ENVIRONMENT_JSON);
        Environment env;
        boolean recorded = Files.isRegularFile(envFile);
        if (recorded) {
            env = mapper.readValue(envFile.toFile(), Environment.class);
        } else {
            env = new Environment(
                    null, null, null, null, 0, 0, null, null, List.of(), null, null, Map.of(), Map.of(), null, null,
                    null, 0, Map.of(), List.of());
        }
        Optional<LatencySummary> latency = Optional.empty();
        String problem = null;
        Path latencyFile = dir.resolve(LatencySummary.FILE_NAME);
        if (Files.isRegularFile(latencyFile)) {
            try {
                latency = Optional.of(LatencySummary.read(latencyFile));
            } catch (IOException | RuntimeException e) {
                problem = LatencySummary.FILE_NAME + " could not be read: " + e.getMessage();
            }
        }
        return new Run(dir, env, recorded, JmhJson.read(jmh, mapper), latency, problem);
    }

    /** Returns the open-loop latency runs of {@code latency.json}, when the folder has one that reads. */
    public Optional<LatencySummary> latency() {
        return latency;
    }

    /** Returns why a {@code latency.json} in the folder was not read, or null. */
    public String latencyProblem() {
        return latencyProblem;
    }

    /**
     * Returns every throughput result of {@code operation} at every network, {@code direct} and simulated round
     * trips alike; each network's row is a result of its own.
     */
    public List<Measurement> allNetworksOf(String operation) {
        return everyNetwork.stream()
                .filter(m -> m.operation().equals(operation))
                .toList();
    }

    /** Returns every throughput result at every network, in the order of {@link #measurements()}. */
    public List<Measurement> allNetworks() {
        return everyNetwork;
    }

    /** Returns the throughput results measured through a simulated network (not {@code direct}). */
    public List<Measurement> networked() {
        return everyNetwork.stream().filter(m -> !m.isDirect()).toList();
    }

    /** Returns the operations measured at any network, in reading order. */
    public List<String> allNetworkOperations() {
        return everyNetwork.stream().map(Measurement::operation).distinct().toList();
    }

    /** Returns the result of {@code subject} at {@code config} on {@code network}, if it was measured. */
    public Optional<Measurement> findOn(String subject, Measurement.Config config, String network) {
        Map<String, String> params = new LinkedHashMap<>(config.params());
        params.put(Measurement.NETWORK, network);
        Measurement.Config c = new Measurement.Config(config.operation(), params, config.threads());
        return everyNetwork.stream()
                .filter(m -> m.subject().equals(subject) && m.config().equals(c))
                .findFirst();
    }

    public Path dir() {
        return dir;
    }

    public Environment environment() {
        return environment;
    }

    /** Returns whether {@code environment.json} was there. */
    public boolean environmentRecorded() {
        return environmentRecorded;
    }

    /** Returns whether the jar that made this run was built from a clean, known commit. */
    public boolean buildClean() {
        String c = environment.gitCommit();
        return c != null && !c.isBlank() && !c.startsWith(UNKNOWN_COMMIT) && !c.endsWith(DIRTY_SUFFIX);
    }

    /** Returns whether this run is a {@code full} profile run, the only kind published by default. */
    public boolean isPublishable() {
        return FULL_PROFILE.equals(environment.profile());
    }

    /**
     * Returns every throughput result measured {@code direct} (no simulated round trip), ordered by operation,
     * parameters, threads and subject catalog order; {@link #networked()} has the others.
     */
    public List<Measurement> measurements() {
        return throughput;
    }

    /** Returns the results JMH recorded in other modes than throughput (not compared by this report). */
    public List<Measurement> otherModes() {
        return otherModes;
    }

    /** Returns each distinct set of JMH settings recorded in {@code jmh.json}. */
    public List<String> jmhSettings() {
        return jmhSettings;
    }

    /** Returns the operations measured, in reading order. */
    public List<String> operations() {
        return throughput.stream().map(Measurement::operation).distinct().toList();
    }

    /** Returns the results of one operation. */
    public List<Measurement> of(String operation) {
        return throughput.stream().filter(m -> m.operation().equals(operation)).toList();
    }

    /** Returns the subjects measured, in catalog order. */
    public List<String> subjects() {
        return throughput.stream()
                .map(Measurement::subject)
                .distinct()
                .sorted(Comparator.comparing(Run::subjectRank).thenComparing(s -> s))
                .toList();
    }

    /** Returns the result of {@code subject} at {@code config}, if it was measured. */
    public Optional<Measurement> find(String subject, Measurement.Config config) {
        return throughput.stream()
                .filter(m -> m.subject().equals(subject) && m.config().equals(config))
                .findFirst();
    }

    /** Returns score / score of the subject's raw limit at the same config; NaN when either is missing. */
    public double ratioToRaw(Measurement m) {
        return reference(m.subject(), true)
                .flatMap(ref -> find(ref, m.config()))
                .map(ref -> m.score() / ref.score())
                .orElse(Double.NaN);
    }

    /** Returns score / score of the subject's peer at the same config; NaN when either is missing. */
    public double ratioToPeer(Measurement m) {
        return reference(m.subject(), false)
                .flatMap(ref -> find(ref, m.config()))
                .map(ref -> m.score() / ref.score())
                .orElse(Double.NaN);
    }

    /** Returns the label of the subject's raw limit (or peer), when the catalog names one. */
    public static Optional<String> reference(String subject, boolean raw) {
        return catalog(subject).flatMap(s -> raw ? s.baseline() : s.peer()).map(Subject::label);
    }

    /** Returns the catalog entry of a subject label; empty for a label the catalog does not know. */
    public static Optional<Subject> catalog(String label) {
        for (Subject s : Subject.values()) {
            if (s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Returns the kind of a subject in words: "strategy", "peer", "raw limit" or "other". */
    public static String kind(String subject) {
        return catalog(subject)
                .map(s -> switch (s.kind()) {
                    case STRATEGY -> "strategy";
                    case PEER -> "peer";
                    case RAW -> "raw limit";
                })
                .orElse("other");
    }

    /** Returns the distinct values of a parameter within an operation, numbers in numeric order. */
    public List<String> paramValues(String operation, String param) {
        Set<String> values = new TreeSet<>(Run::compareParam);
        of(operation).forEach(m -> {
            String v = m.params().get(param);
            if (v != null) {
                values.add(v);
            }
        });
        return new ArrayList<>(values);
    }

    /** Returns the distinct thread counts of an operation, ascending. */
    public List<Integer> threads(String operation) {
        return of(operation).stream()
                .map(Measurement::threads)
                .distinct()
                .sorted()
                .toList();
    }

    /** Returns the parameter names (subject aside) whose value varies within an operation. */
    public List<String> varyingParams(String operation) {
        Set<String> names = new TreeSet<>();
        of(operation).forEach(m -> names.addAll(m.params().keySet()));
        return names.stream().filter(n -> paramValues(operation, n).size() > 1).toList();
    }

    /**
     * Returns the headline configuration of an operation: the fewest threads, the {@code small} payload (else the
     * first), the number of live sessions at which the most subjects were measured (the larger on a tie), and the
     * first value of any other parameter. Every comparison in the "which
     * strategy when" section is taken here, so two subjects are always compared at the same configuration.
     */
    public Optional<Measurement.Config> headline(String operation) {
        List<Measurement> ms = of(operation);
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        ms.forEach(m -> names.addAll(m.params().keySet()));
        for (String name : names) {
            List<String> values = paramValues(operation, name);
            String pick;
            if (name.equals(Measurement.NETWORK)) {
                pick = Measurement.DIRECT;
            } else if (name.equals(Measurement.PAYLOAD) && values.contains("small")) {
                pick = "small";
            } else if (name.equals(Measurement.LIVE_SESSIONS)) {
                pick = values.stream()
                        .max(Comparator.comparingLong((String v) -> ms.stream()
                                        .filter(m -> v.equals(m.params().get(name)))
                                        .map(Measurement::subject)
                                        .distinct()
                                        .count())
                                .thenComparingInt(values::indexOf))
                        .orElseThrow();
            } else {
                pick = values.get(0);
            }
            params.put(name, pick);
        }
        return Optional.of(
                new Measurement.Config(operation, params, threads(operation).get(0)));
    }

    /** Returns the result of {@code subject} at the headline configuration of {@code operation}. */
    public Optional<Measurement> headlineOf(String operation, String subject) {
        return headline(operation).flatMap(c -> find(subject, c));
    }

    /** Returns the footprint of a subject: "metric.payload" to bytes, empty when none was measured. */
    public Map<String, Double> footprint(String subject) {
        Map<String, Map<String, Double>> fp = environment.footprint();
        return fp == null || fp.get(subject) == null ? Map.of() : fp.get(subject);
    }

    /** Returns every subject with a footprint, in catalog order. */
    public List<String> footprintSubjects() {
        Map<String, Map<String, Double>> fp = environment.footprint();
        return fp == null
                ? List.of()
                : fp.keySet().stream()
                        .sorted(Comparator.comparing(Run::subjectRank).thenComparing(s -> s))
                        .collect(Collectors.toList());
    }

    /** Returns the position of a subject in the catalog; unknown labels come last. */
    public static int subjectRank(String subject) {
        return catalog(subject).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    /** Returns the position of an operation in reading order; unknown operations come last. */
    public static int operationRank(String operation) {
        int i = OPERATION_ORDER.indexOf(operation);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** Orders parameter values numerically when both are numbers, else as text. */
    public static int compareParam(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a.replace("_", "")), Long.parseLong(b.replace("_", "")));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
