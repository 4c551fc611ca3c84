package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders one run's {@code README.md} and its charts (under {@code charts/}) from the run's JSON. Every number in the
 * text is computed here from {@link Run}; the only typed text is the description of operations and the facts that
 * numbers cannot show.
 */
public final class ReportRenderer {

    /** The folder of the charts, beside the report. */
    public static final String CHARTS_DIR = "charts";
    /** The report's file name. */
    public static final String README = "README.md";
    /** Operations whose headline numbers the index and the project README show, when measured. */
    public static final List<String> HEADLINE_OPERATIONS = List.of("lookupHit", "create", "accessAndSave", "mixed");

    static final String NOT_DEFINED = "—";

    /** What each known operation does, as the benchmarks define it (issue 7). */
    static final Map<String, String> OPERATIONS = Map.of(
            "create", "create a session, set one attribute, save it",
            "lookupHit", "find a live session by the value its client presents (counts as an access)",
            "lookupMiss", "find a well-formed value that names no session",
            "lookupMalformed", "find a malformed value, which must be rejected before any backend call",
            "accessAndSave", "a lookup, then one attribute changed among ten and the change saved",
            "changeId", "give a stored session a new ID (the defence against session fixation)",
            "invalidate", "log out: remove a stored session",
            "expiry", "sessions reclaimed per second when some of the live sessions have expired",
            "mixed", "request traffic of mixed operations (mostly lookups, some saves, creates and logouts)");

    private final Run run;
    private final boolean png;

    /** Returns a renderer of {@code run}; {@code png} also writes PNG copies of the charts, for looking at them. */
    public ReportRenderer(Run run, boolean png) {
        this.run = run;
        this.png = png;
    }

    /** Returns the path of the README.md written into {@code outDir}, with its charts. */
    public Path render(Path outDir) throws IOException {
        Path charts = outDir.resolve(CHARTS_DIR);
        clearCharts(charts);
        Markdown md = new Markdown();
        Environment env = run.environment();
        md.heading(1, "sessionbench results: " + orNot(env.date()) + " on " + orNot(env.machine()) + " ("
                + orNot(env.profile()) + " profile)");
        if (!run.isPublishable()) {
            md.paragraph("> **Not a published result.** This run used the " + code(orNot(env.profile()))
                    + " profile; only `full` runs are published under `results/`.");
        }
        md.paragraph("This report measures where web sessions should live: in memory, in a MapDB file, in Redis, or in"
                + " a signed token the client carries. Each strategy runs through the same `SessionStore` interface and"
                + " is set beside the raw limit of its backend and the session library people use today, all measured"
                + " in this one run, so the ratios hold even where the machine's absolute speed does not. Every number"
                + " below is computed from [`jmh.json`](jmh.json) and [`environment.json`](environment.json) by"
                + " `sessionbench report`; none is typed by hand.");
        headline(md);
        whichWhen(md);
        measured(md);
        environment(md);
        md.heading(2, "Results per operation");
        md.paragraph("Throughput is JMH's mean in operations per second with its 99.9 % confidence interval. "
                + "*vs raw limit* is the score divided by the score of the strategy's backend used directly (for"
                + " example a bare `ConcurrentHashMap` for `memory`), *vs peer* by the score of the peer library, both"
                + " at the same parameters and threads in this run. " + NOT_DEFINED + " means no reference is"
                + " defined for that subject; " + Units.NOT_AVAILABLE + " means it was not measured. Charts use a"
                + " logarithmic axis; no bar means not measured.");
        for (String op : run.operations()) {
            operation(md, op, charts);
        }
        allocation(md);
        footprint(md);
        reproduce(md);
        Path readme = outDir.resolve(README);
        Files.createDirectories(outDir);
        Files.writeString(readme, md.toString(), StandardCharsets.UTF_8);
        return readme;
    }

    private void headline(Markdown md) {
        md.heading(2, "Headline");
        List<String> ops = HEADLINE_OPERATIONS.stream().filter(op -> !run.of(op).isEmpty()).toList();
        if (ops.isEmpty()) {
            md.paragraph("None of the headline operations (" + String.join(", ", HEADLINE_OPERATIONS)
                    + ") was measured in this run.");
            return;
        }
        md.paragraph(headlineCaption(run, ops));
        md.table(headlineHeader(ops), headlineRows(run, ops));
        md.paragraph(headlineErrors(run, ops));
    }

    /** The widest 99.9 % interval, as a share of the score, that the headline promises for its numbers. */
    static final double HEADLINE_ERROR_GOAL = 0.05;

    /**
     * Returns the sentence on the errors of the headline's throughputs: the widest one, and every number whose
     * 99.9 % interval is wider than {@link #HEADLINE_ERROR_GOAL} of its score.
     */
    static String headlineErrors(Run run, List<String> ops) {
        List<Measurement> cells = new ArrayList<>();
        for (String subject : run.subjects()) {
            if ("strategy".equals(Run.kind(subject))) {
                ops.forEach(op -> run.headlineOf(op, subject).ifPresent(cells::add));
            }
        }
        if (cells.isEmpty()) {
            return "No strategy was measured at the headline configurations.";
        }
        Comparator<Measurement> byShare = Comparator.comparingDouble(m -> errorShare(m));
        Measurement widest = cells.stream().max(byShare).orElseThrow();
        String widestText = code(widest.subject()) + " " + code(widest.operation()) + ", ± "
                + Units.percent(widest.error(), widest.score());
        List<String> over = cells.stream().filter(m -> !(errorShare(m) <= HEADLINE_ERROR_GOAL))
                .sorted(byShare.reversed())
                .map(m -> code(m.subject()) + " " + code(m.operation()) + " ± " + Units.percent(m.error(), m.score()))
                .toList();
        String goal = Units.percent(HEADLINE_ERROR_GOAL, 1);
        if (over.isEmpty()) {
            return "Each of these " + cells.size() + " throughputs is known to within ± " + goal + " (JMH's 99.9 % "
                    + "confidence interval); the widest is " + widestText + ".";
        }
        return over.size() + " of these " + cells.size() + " throughputs have a 99.9 % confidence interval wider than"
                + " ± " + goal + " of their score: " + String.join("; ", over) + ". Read them as a range, not a point.";
    }

    private static double errorShare(Measurement m) {
        return m.score() == 0 || !Double.isFinite(m.error()) ? Double.POSITIVE_INFINITY : m.error() / m.score();
    }

    /** Returns the sentence saying at which configuration each headline column was taken. */
    static String headlineCaption(Run run, List<String> ops) {
        return "Each strategy's throughput, then its ratio to the raw limit of its backend and to its peer library, at "
                + ops.stream().map(op -> code(op) + ": " + run.headline(op).map(ReportRenderer::describe)
                        .orElse(Units.NOT_AVAILABLE)).collect(Collectors.joining("; ")) + ".";
    }

    static List<String> headlineHeader(List<String> ops) {
        List<String> header = new ArrayList<>(List.of("Strategy"));
        header.addAll(ops);
        return header;
    }

    /** Returns one row per measured strategy: throughput and ratios at each operation's headline configuration. */
    static List<List<String>> headlineRows(Run run, List<String> ops) {
        List<List<String>> rows = new ArrayList<>();
        for (String subject : run.subjects()) {
            if (!"strategy".equals(Run.kind(subject))) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(code(subject)));
            for (String op : ops) {
                row.add(run.headlineOf(op, subject).map(m -> Units.opsPerSecond(m.score()) + "<br><sub>"
                        + ratioCell(run, m, true) + " raw, " + ratioCell(run, m, false) + " peer</sub>")
                        .orElse(Units.NOT_AVAILABLE));
            }
            rows.add(row);
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------------------
    // which strategy when

    private void whichWhen(Markdown md) {
        md.heading(2, "Which strategy when");
        md.paragraph("Computed from this run's numbers (each at the configuration named; a lookup's time is the time"
                + " one thread spends on it):");
        List<String> s = new ArrayList<>();
        s.add(slower("lookupHit", "redis", "memory", "A Redis lookup", "an in-memory one"));
        s.add(slower("lookupHit", "mapdb", "memory", "A MapDB lookup", "an in-memory one"));
        s.add(slower("lookupHit", "redis", "mapdb", "A Redis lookup", "a MapDB one"));
        s.add(tokenCost());
        s.add(revocation());
        s.add(durability());
        s.add(peers());
        s.add(threadScaling("lookupHit"));
        s.add(threadScaling("create"));
        s.add(liveSessionGrowth("lookupHit"));
        s.add(liveSessionGrowth("expiry"));
        s.add(footprintSentence());
        md.bullets(s);
        md.heading(3, "What the numbers cannot show");
        md.bullets(List.of(
                "A stateless token cannot be revoked before it expires: logout, a stolen token or a changed role need"
                        + " a server-side denylist (`token-revocable`), which brings back a lookup on every request"
                        + " and must be shared by every server.",
                "A token travels with every request and response, and a cookie holds about 4 KiB, so it can carry"
                        + " little; a signed (not encrypted) token's data is readable by the client.",
                "Memory sessions die with the process and are not shared: every restart or deploy logs users out,"
                        + " and several instances need sticky routing.",
                "MapDB sessions survive a restart (in the crash-safe mode) but live on one machine's disk: not shared"
                        + " between instances either.",
                "Redis sessions are shared by every instance and survive an application restart; they cost a network"
                        + " round trip and a server to run, and Redis' own persistence settings decide whether they"
                        + " survive a Redis restart.",
                "Redis here runs on the same machine over loopback: a real network adds its round-trip time to"
                        + " every Redis operation, and the Redis rows are an upper bound."));
    }

    private String slower(String op, String slow, String fast, String slowWords, String fastWords) {
        Optional<Measurement> s = run.headlineOf(op, slow);
        Optional<Measurement> f = run.headlineOf(op, fast);
        if (s.isEmpty() || f.isEmpty()) {
            return slowWords + " against " + fastWords + ": " + Units.NOT_AVAILABLE + " (" + code(op) + " of "
                    + code(slow) + " or " + code(fast) + " not measured in this run).";
        }
        double factor = f.get().score() / s.get().score();
        return slowWords + " is **" + Units.sig(factor) + "× " + (factor >= 1 ? "slower" : "faster") + "** than "
                + fastWords + ": " + Units.opsPerSecond(s.get().score()) + " against "
                + Units.opsPerSecond(f.get().score()) + ", " + perOp(s.get()) + " against " + perOp(f.get())
                + " per lookup (" + code(op) + ", " + describe(s.get().config()) + ")" + noise(s.get(), f.get())
                + ".";
    }

    /** Returns whether two results differ by more than their two errors added together. */
    static boolean significant(Measurement a, Measurement b) {
        return Double.isFinite(a.error()) && Double.isFinite(b.error())
                && Math.abs(a.score() - b.score()) > a.error() + b.error();
    }

    private static String noise(Measurement a, Measurement b) {
        return significant(a, b) ? "" : "; the difference is within this run's error";
    }

    private String tokenCost() {
        Optional<Measurement> t = run.headlineOf("lookupHit", "token");
        Optional<Measurement> m = run.headlineOf("lookupHit", "memory");
        Map<String, Double> fp = run.footprint("token");
        StringBuilder b = new StringBuilder("A stateless token costs ");
        b.append(bytesOf(fp, "cookieBytes.small")).append(" of cookie on every request (the token itself ")
                .append(bytesOf(fp, "tokenBytes.small")).append("; ").append(bytesOf(fp, "cookieBytes.large"))
                .append(" with the large payload)");
        if (t.isPresent()) {
            b.append(" and ").append(perOp(t.get())).append(" of CPU to verify (").append(code("lookupHit"))
                    .append(", ").append(describe(t.get().config())).append(')');
            m.ifPresent(mem -> b.append(", ").append(Units.sig(mem.score() / t.get().score()))
                    .append("× the time of an in-memory lookup"));
        } else {
            b.append("; its verification time is ").append(Units.NOT_AVAILABLE).append(" (not measured)");
        }
        return b.append('.').toString();
    }

    private String revocation() {
        Optional<Measurement> t = run.headlineOf("lookupHit", "token");
        Optional<Measurement> r = run.headlineOf("lookupHit", "token-revocable");
        if (t.isEmpty() || r.isEmpty()) {
            return "What revocation adds to a token lookup: " + Units.NOT_AVAILABLE
                    + " (`token` or `token-revocable` lookups not measured in this run).";
        }
        double added = perThreadSeconds(r.get()) - perThreadSeconds(t.get());
        String numbers = Units.opsPerSecond(r.get().score()) + " against " + Units.opsPerSecond(t.get().score())
                + " without it (" + Units.ratio(r.get().score() / t.get().score()) + ", "
                + describe(t.get().config()) + ")";
        if (!significant(t.get(), r.get())) {
            return "Revocation (a denylist checked on every lookup) adds no cost beyond this run's error to a token"
                    + " lookup: " + numbers + ".";
        }
        return "Revocation (a denylist checked on every lookup) " + (added >= 0 ? "adds **" : "saves **")
                + Units.duration(Math.abs(added)) + "** per token lookup: " + numbers + ".";
    }

    private String durability() {
        for (String op : List.of("accessAndSave", "create")) {
            Optional<Measurement> safe = run.headlineOf(op, "mapdb");
            Optional<Measurement> batched = run.headlineOf(op, "mapdb-batched");
            if (safe.isPresent() && batched.isPresent()) {
                return "Crash safety costs MapDB writes **" + Units.sig(batched.get().score() / safe.get().score())
                        + "×**: " + Units.opsPerSecond(safe.get().score()) + " with a commit per write against "
                        + Units.opsPerSecond(batched.get().score()) + " batched (" + code(op) + ", "
                        + describe(safe.get().config()) + ")" + noise(safe.get(), batched.get()) + ".";
            }
        }
        return "What crash safety costs MapDB writes: " + Units.NOT_AVAILABLE
                + " (`mapdb` and `mapdb-batched` saves not both measured in this run).";
    }

    private String peers() {
        List<String> parts = new ArrayList<>();
        boolean lookupCompared = false;
        for (String op : List.of("lookupHit", "create")) {
            for (String subject : run.subjects()) {
                double r = "strategy".equals(Run.kind(subject))
                        ? run.headlineOf(op, subject).map(run::ratioToPeer).orElse(Double.NaN) : Double.NaN;
                if (Double.isFinite(r)) {
                    parts.add(code(subject) + " " + code(op) + " " + Units.ratio(r) + " of "
                            + code(Run.reference(subject, false).orElseThrow()));
                    lookupCompared |= "lookupHit".equals(op);
                }
            }
        }
        if (parts.isEmpty()) {
            return "Against the peer libraries: " + Units.NOT_AVAILABLE + " (no peer measured beside a strategy in"
                    + " this run).";
        }
        return "Against the peer libraries (same operation, same run): " + String.join("; ", parts) + "."
                + (lookupCompared ? " Spring Session's `findById` does less than our lookups: it records the access only at"
                        + " the save that ends a request, where ours record it (and Redis moves the key's TTL) on"
                        + " every lookup." : "");
    }

    private String threadScaling(String op) {
        List<Integer> threads = run.threads(op);
        Optional<Measurement.Config> head = run.headline(op);
        if (threads.size() < 2 || head.isEmpty()) {
            return "Scaling of " + code(op) + " with threads: " + Units.NOT_AVAILABLE + " ("
                    + (threads.isEmpty() ? "not measured in this run" : "measured at one thread count only") + ").";
        }
        int lo = threads.get(0);
        int hi = threads.get(threads.size() - 1);
        Measurement.Config a = head.get();
        Measurement.Config b = new Measurement.Config(op, a.params(), hi);
        List<String> parts = new ArrayList<>();
        for (String subject : run.subjects()) {
            Optional<Measurement> x = run.find(subject, a);
            Optional<Measurement> y = run.find(subject, b);
            if (x.isPresent() && y.isPresent() && !"raw limit".equals(Run.kind(subject))) {
                parts.add(code(subject) + " " + Units.ratio(y.get().score() / x.get().score()));
            }
        }
        return "From " + lo + " to " + hi + " threads, " + code(op) + " throughput changes by: "
                + (parts.isEmpty() ? Units.NOT_AVAILABLE : String.join(", ", parts)) + " ("
                + describeParams(a.params()) + (run.environment().cores() > 0 ? "; " + run.environment().cores()
                + " cores" : "") + ").";
    }

    private String liveSessionGrowth(String op) {
        List<String> live = run.paramValues(op, Measurement.LIVE_SESSIONS);
        Optional<Measurement.Config> head = run.headline(op);
        if (live.size() < 2 || head.isEmpty()) {
            return "Growth of " + code(op) + " with live sessions: " + Units.NOT_AVAILABLE + " ("
                    + (head.isEmpty() ? "not measured in this run" : "one live-session count only") + ").";
        }
        Map<String, String> small = new LinkedHashMap<>(head.get().params());
        small.put(Measurement.LIVE_SESSIONS, live.get(0));
        Measurement.Config a = new Measurement.Config(op, small, head.get().threads());
        Measurement.Config b = head.get();
        List<String> parts = new ArrayList<>();
        for (String subject : run.subjects()) {
            Optional<Measurement> x = run.find(subject, a);
            Optional<Measurement> y = run.find(subject, b);
            if (x.isPresent() && y.isPresent() && !"raw limit".equals(Run.kind(subject))) {
                parts.add(code(subject) + " " + Units.ratio(y.get().score() / x.get().score()));
            }
        }
        return "From " + Units.count(Long.parseLong(live.get(0))) + " to "
                + Units.count(Long.parseLong(live.get(live.size() - 1))) + " live sessions, " + code(op)
                + " throughput changes by: " + (parts.isEmpty() ? Units.NOT_AVAILABLE : String.join(", ", parts))
                + " (" + head.get().threads() + " thread" + (head.get().threads() == 1 ? "" : "s") + ").";
    }

    private String footprintSentence() {
        List<String> parts = new ArrayList<>();
        addFootprint(parts, "memory", "heapBytesPerSession.small", "of heap");
        addFootprint(parts, "mapdb", "fileBytesPerSession.small", "of file");
        addFootprint(parts, "redis", "redisUsedMemoryPerSession.small", "of Redis memory");
        addFootprint(parts, "token", "cookieBytes.small", "in every request instead of server memory");
        return "Each live session (small payload) holds " + (parts.isEmpty() ? Units.NOT_AVAILABLE + " (no footprint"
                + " measured in this run)" : String.join(", ", parts)) + ".";
    }

    private void addFootprint(List<String> parts, String subject, String metric, String words) {
        Double v = run.footprint(subject).get(metric);
        if (v != null) {
            parts.add(code(subject) + " " + Units.bytes(v) + " " + words);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // what was measured

    private void measured(Markdown md) {
        md.heading(2, "What was measured, and why");
        md.paragraph("Each operation a web application performs on its sessions, for every strategy, its backend's raw"
                + " limit and a peer library, at the thread counts, live-session counts and payloads below. The raw"
                + " limit says how much of the backend's speed the strategy keeps; the peer says whether it is worth"
                + " using instead of what exists.");
        List<List<String>> rows = new ArrayList<>();
        for (String op : run.operations()) {
            rows.add(List.of(code(op), OPERATIONS.getOrDefault(op, "(no description)"),
                    String.valueOf(run.of(op).stream().map(Measurement::subject).distinct().count()),
                    run.threads(op).stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    values(op, Measurement.LIVE_SESSIONS), values(op, Measurement.PAYLOAD)));
        }
        md.table(List.of("Operation", "What it does", "Subjects", "Threads", "Live sessions", "Payloads"), rows);
        List<List<String>> subjects = new ArrayList<>();
        for (String s : run.subjects()) {
            Optional<Subject> c = Run.catalog(s);
            subjects.add(List.of(code(s), c.map(Subject::description).orElse("(not in this version's catalog)"),
                    Run.kind(s), c.map(x -> x.family().name().toLowerCase()).orElse("?"),
                    c.isEmpty() || c.get().kind() == Subject.Kind.RAW ? NOT_DEFINED
                            : Run.reference(s, true).map(Markdown::code).orElse(NOT_DEFINED),
                    c.isEmpty() || c.get().kind() == Subject.Kind.RAW ? NOT_DEFINED
                            : Run.reference(s, false).map(Markdown::code).orElse(NOT_DEFINED)));
        }
        md.table(List.of("Subject", "What it is", "Kind", "Backend", "Raw limit", "Peer"), subjects);
        md.heading(3, "Not measured");
        List<String> not = new ArrayList<>(List.of(
                "Latency percentiles and GC pauses: this is throughput only (JMH throughput mode).",
                "A real network: Redis runs on the same machine over loopback; no TLS, no Redis cluster or replica.",
                "The web framework around a session (HTTP parsing, cookies, filters).",
                "Payloads other than the ones listed, and more threads than the machine's cores."));
        List<String> absent = Arrays.stream(Subject.values()).map(Subject::label)
                .filter(l -> !run.subjects().contains(l)).toList();
        if (!absent.isEmpty()) {
            not.add("Subjects of the catalog absent from this run: "
                    + absent.stream().map(Markdown::code).collect(Collectors.joining(", ")) + ".");
        }
        List<String> absentOps = Run.OPERATION_ORDER.stream().filter(op -> run.of(op).isEmpty()).toList();
        if (!absentOps.isEmpty()) {
            not.add("Operations absent from this run: "
                    + absentOps.stream().map(Markdown::code).collect(Collectors.joining(", ")) + ".");
        }
        if (!run.otherModes().isEmpty()) {
            not.add(run.otherModes().size() + " result(s) in modes other than throughput ("
                    + run.otherModes().stream().map(m -> m.mode()).distinct().collect(Collectors.joining(", "))
                    + ") are in `jmh.json` but not compared here.");
        }
        md.bullets(not);
    }

    private String values(String op, String param) {
        List<String> v = run.paramValues(op, param);
        if (v.isEmpty()) {
            return NOT_DEFINED;
        }
        return v.stream().map(x -> param.equals(Measurement.LIVE_SESSIONS) ? countOrText(x) : x)
                .collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------------------------------------------------
    // environment

    private void environment(Markdown md) {
        md.heading(2, "Environment");
        Environment e = run.environment();
        if (!run.environmentRecorded()) {
            md.paragraph("> `environment.json` was missing: the environment of this run was not recorded.");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Date", orNot(e.date())));
        rows.add(List.of("Machine", orNot(e.machine())));
        rows.add(List.of("Profile", orNot(e.profile())));
        rows.add(List.of("CPU", orNot(e.cpuModel())));
        rows.add(List.of("Cores", e.cores() > 0 ? String.valueOf(e.cores()) : "not recorded"));
        rows.add(List.of("Memory", e.memoryBytes() > 0 ? Units.bytes(e.memoryBytes()) : "not recorded"));
        rows.add(List.of("OS", orNot(e.os())));
        rows.add(List.of("JDK", orNot(e.jdk())));
        rows.add(List.of("JVM flags", e.jvmFlags() == null || e.jvmFlags().isEmpty() ? "none recorded"
                : e.jvmFlags().stream().map(Markdown::code).collect(Collectors.joining(" "))));
        rows.add(List.of("Redis", orNot(e.redisVersion())));
        rows.add(List.of("Redis ran", orNot(e.redisLocation())));
        rows.add(List.of("MapDB durability", mapText(e.mapdbDurability(), true)));
        rows.add(List.of("Libraries", mapText(e.libraries(), false)));
        rows.add(List.of("Git commit", e.gitCommit() == null ? "not recorded" : code(e.gitCommit())));
        rows.add(List.of("Run took", e.durationSeconds() > 0 ? Units.wallClock(e.durationSeconds()) : "not recorded"));
        rows.add(List.of("Footprint", e.footprint() == null || e.footprint().isEmpty() ? "not measured"
                : "see [Footprint per live session](#footprint-per-live-session)"));
        md.table(List.of("", "This run"), rows);
        md.paragraph("JMH settings, verbatim:");
        md.code("", orNot(e.jmhSettings()));
        md.paragraph("As JMH recorded them in `jmh.json`:");
        md.code("", String.join("\n", run.jmhSettings()));
        if (e.notes() != null && !e.notes().isEmpty()) {
            md.paragraph("Notes:");
            md.bullets(e.notes());
        }
    }

    private static String mapText(Map<String, String> map, boolean codeKeys) {
        if (map == null || map.isEmpty()) {
            return "not recorded";
        }
        return new TreeSet<>(map.keySet()).stream()
                .map(k -> (codeKeys ? code(k) + ": " + map.get(k) : code(k + " " + map.get(k))))
                .collect(Collectors.joining("<br>"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // per operation

    private void operation(Markdown md, String op, Path charts) throws IOException {
        md.heading(3, op);
        List<Measurement> ms = run.of(op);
        Measurement.Config head = run.headline(op).orElseThrow();
        StringBuilder p = new StringBuilder(OPERATIONS.getOrDefault(op, "(no description)"));
        p.setCharAt(0, Character.toUpperCase(p.charAt(0)));
        p.append(". ");
        List<Measurement> strategies = ms.stream().filter(m -> m.config().equals(head))
                .filter(m -> "strategy".equals(Run.kind(m.subject())))
                .sorted((a, b) -> Double.compare(b.score(), a.score())).toList();
        if (!strategies.isEmpty()) {
            Measurement best = strategies.get(0);
            p.append("At ").append(describe(head)).append(", the fastest strategy is ").append(code(best.subject()))
                    .append(" at ").append(Units.opsPerSecond(best.score()));
            double raw = run.ratioToRaw(best);
            if (Double.isFinite(raw)) {
                p.append(" (").append(Units.ratio(raw)).append(" of its raw limit)");
            }
            if (strategies.size() > 1) {
                Measurement worst = strategies.get(strategies.size() - 1);
                p.append(", the slowest ").append(code(worst.subject())).append(" at ")
                        .append(Units.opsPerSecond(worst.score())).append(", ")
                        .append(Units.sig(best.score() / worst.score())).append("× slower");
            }
            p.append('.');
        }
        md.paragraph(p.toString());
        barChart(md, op, head, charts);
        table(md, op, ms);
        groupParts(md, ms);
        scalingChart(md, op, head, charts);
    }

    private void barChart(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<String> subjects = run.of(op).stream().filter(m -> m.params().equals(head.params()))
                .map(Measurement::subject).distinct()
                .sorted((a, b) -> Integer.compare(Run.subjectRank(a), Run.subjectRank(b))).toList();
        List<Charts.Bars> series = new ArrayList<>();
        for (int t : run.threads(op)) {
            Measurement.Config c = new Measurement.Config(op, head.params(), t);
            List<Double> v = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (String s : subjects) {
                Optional<Measurement> m = run.find(s, c);
                v.add(m.map(Measurement::score).orElse(Double.NaN));
                e.add(m.map(Measurement::error).orElse(Double.NaN));
            }
            series.add(new Charts.Bars(t + " thread" + (t == 1 ? "" : "s"), v, e));
        }
        String name = Charts.bars(charts, fileName(op), op + ": throughput (" + describeParams(head.params()) + ")",
                "ops/s (log scale)", subjects, series, png);
        md.picture(CHARTS_DIR, name, op + " throughput per subject and thread count, " + describeParams(head.params()));
    }

    private void scalingChart(Markdown md, String op, Measurement.Config head, Path charts) throws IOException {
        List<String> live = run.paramValues(op, Measurement.LIVE_SESSIONS);
        if (live.size() < 2) {
            return;
        }
        List<Charts.Line> lines = new ArrayList<>();
        for (String subject : run.subjects()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (String n : live) {
                Map<String, String> params = new LinkedHashMap<>(head.params());
                params.put(Measurement.LIVE_SESSIONS, n);
                run.find(subject, new Measurement.Config(op, params, head.threads())).ifPresent(m -> {
                    x.add((double) m.liveSessions().orElseThrow());
                    y.add(m.score());
                    e.add(m.error());
                });
            }
            if (x.size() >= 2) {
                lines.add(new Charts.Line(subject, subject, x, y, e));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        Map<String, String> fixed = new LinkedHashMap<>(head.params());
        fixed.remove(Measurement.LIVE_SESSIONS);
        String what = head.threads() + " thread" + (head.threads() == 1 ? "" : "s")
                + (fixed.isEmpty() ? "" : ", " + describeParams(fixed));
        String name = Charts.lines(charts, "scaling-" + fileName(op), op + " against live sessions (" + what + ")",
                "live sessions (log scale)", "ops/s (log scale)", lines, png);
        md.paragraph("How " + code(op) + " throughput changes with the number of live sessions (" + what
                + "; solid: strategies, dotted: peers, dashed: raw limits):");
        md.picture(CHARTS_DIR, name, op + " throughput against live sessions, " + what);
    }

    private void table(Markdown md, String op, List<Measurement> ms) {
        List<String> varying = run.varyingParams(op);
        Map<String, String> constant = new LinkedHashMap<>(run.headline(op).orElseThrow().params());
        varying.forEach(constant::remove);
        if (!constant.isEmpty()) {
            md.paragraph("All rows: " + describeParams(constant) + ".");
        }
        List<String> header = new ArrayList<>(List.of("Subject", "Kind"));
        varying.forEach(v -> header.add(paramTitle(v)));
        header.addAll(List.of("Threads", "Throughput", "Error", "vs raw limit", "vs peer", "Allocation"));
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : ms) {
            List<String> row = new ArrayList<>(List.of(code(m.subject()), Run.kind(m.subject())));
            varying.forEach(v -> row.add(v.equals(Measurement.LIVE_SESSIONS) ? countOrText(m.params().get(v))
                    : orNot(m.params().get(v))));
            row.add(String.valueOf(m.threads()));
            row.add(Units.opsPerSecondWithError(m.score(), m.error()));
            row.add("± " + Units.percent(m.error(), m.score()));
            row.add(ratioCell(run, m, true) + refSuffix(m.subject(), true));
            row.add(ratioCell(run, m, false) + refSuffix(m.subject(), false));
            row.add(Units.bytesPerOp(m.allocBytesPerOp()));
            rows.add(row);
        }
        md.table(header, rows);
    }

    private void groupParts(Markdown md, List<Measurement> ms) {
        List<Measurement> grouped = ms.stream().filter(m -> !m.groupParts().isEmpty()).toList();
        if (grouped.isEmpty()) {
            return;
        }
        TreeSet<String> parts = new TreeSet<>();
        grouped.forEach(m -> parts.addAll(m.groupParts().keySet()));
        md.paragraph("Each part of the group, as JMH measured it within the same run:");
        List<String> header = new ArrayList<>(List.of("Subject", "Parameters", "Threads"));
        header.addAll(parts);
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : grouped) {
            List<String> row = new ArrayList<>(List.of(code(m.subject()), describeParams(m.params()),
                    String.valueOf(m.threads())));
            for (String part : parts) {
                Measurement.Part p = m.groupParts().get(part);
                row.add(p == null ? Units.NOT_AVAILABLE : Units.opsPerSecondWithError(p.score(), p.error()));
            }
            rows.add(row);
        }
        md.table(header, rows);
    }

    // ---------------------------------------------------------------------------------------------------------
    // allocation, footprint, reproduce

    private void allocation(Markdown md) {
        md.heading(2, "Allocation per operation");
        boolean any = run.measurements().stream().anyMatch(m -> Double.isFinite(m.allocBytesPerOp()));
        if (!any) {
            md.paragraph("Not measured: the run was made without JMH's `-prof gc`.");
            return;
        }
        md.paragraph("Bytes allocated on the heap per operation (JMH `-prof gc`, `gc.alloc.rate.norm`), at each"
                + " operation's headline configuration: " + run.operations().stream()
                .map(op -> code(op) + " " + describe(run.headline(op).orElseThrow()))
                .collect(Collectors.joining("; ")) + ".");
        List<String> header = new ArrayList<>(List.of("Subject"));
        header.addAll(run.operations());
        List<List<String>> rows = new ArrayList<>();
        for (String s : run.subjects()) {
            List<String> row = new ArrayList<>(List.of(code(s)));
            for (String op : run.operations()) {
                row.add(run.headlineOf(op, s).map(m -> Units.bytesPerOp(m.allocBytesPerOp()))
                        .orElse(Units.NOT_AVAILABLE));
            }
            rows.add(row);
        }
        md.table(header, rows);
    }

    /** Footprint metrics in reading order, with their column titles. */
    static final Map<String, String> FOOTPRINT_METRICS = footprintMetrics();

    private static Map<String, String> footprintMetrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("heapBytesPerSession", "heap");
        m.put("fileBytesPerSession", "file");
        m.put("redisUsedMemoryPerSession", "Redis `used_memory`");
        m.put("redisMemoryUsagePerSession", "Redis `MEMORY USAGE`");
        m.put("tokenBytes", "token");
        m.put("cookieBytes", "cookie");
        return m;
    }

    private void footprint(Markdown md) {
        md.heading(2, "Footprint per live session");
        List<String> subjects = run.footprintSubjects();
        if (subjects.isEmpty()) {
            md.paragraph("Not measured in this run.");
            return;
        }
        md.paragraph("Measured outside JMH by the run command, per live session: heap bytes for in-memory stores, file"
                + " bytes for MapDB, Redis memory (the `used_memory` delta per session and `MEMORY USAGE` of one key)"
                + " and the size of a token and of the cookie carrying it.");
        TreeSet<String> keys = new TreeSet<>((a, b) -> {
            int c = Integer.compare(metricRank(a), metricRank(b));
            return c != 0 ? c : payloadOrder(a).compareTo(payloadOrder(b));
        });
        subjects.forEach(s -> keys.addAll(run.footprint(s).keySet()));
        List<String> header = new ArrayList<>(List.of("Subject"));
        keys.forEach(k -> header.add(metricTitle(k)));
        List<List<String>> rows = new ArrayList<>();
        for (String s : subjects) {
            List<String> row = new ArrayList<>(List.of(code(s)));
            for (String k : keys) {
                Double v = run.footprint(s).get(k);
                row.add(v == null ? NOT_DEFINED : Units.bytes(v));
            }
            rows.add(row);
        }
        md.table(header, rows);
    }

    private static int metricRank(String key) {
        int i = new ArrayList<>(FOOTPRINT_METRICS.keySet()).indexOf(metric(key));
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static String payloadOrder(String key) {
        String p = key.contains(".") ? key.substring(key.indexOf('.') + 1) : "";
        return (p.equals("small") ? "0" : p.equals("large") ? "1" : "2") + p + key;
    }

    private static String metric(String key) {
        return key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    }

    static String metricTitle(String key) {
        String p = key.contains(".") ? key.substring(key.indexOf('.') + 1) : "";
        return FOOTPRINT_METRICS.getOrDefault(metric(key), metric(key)) + (p.isEmpty() ? "" : " (" + p + ")");
    }

    private void reproduce(Markdown md) {
        md.heading(2, "Reproduce");
        Environment e = run.environment();
        md.paragraph("The command that made this run" + (e.durationSeconds() > 0 ? " (it took "
                + Units.wallClock(e.durationSeconds()) + ")" : "") + ":");
        md.code("sh", orNot(e.command()));
        md.paragraph("Re-render this report from its JSON:");
        md.code("sh", "java -jar bench/target/benchmarks.jar report <this folder>");
    }

    // ---------------------------------------------------------------------------------------------------------
    // shared wording

    /** Returns a configuration in words: "1 thread, 100,000 live sessions, small payload". */
    public static String describe(Measurement.Config c) {
        String params = describeParams(c.params());
        return c.threads() + " thread" + (c.threads() == 1 ? "" : "s") + (params.isEmpty() ? "" : ", " + params);
    }

    /** Returns parameters in words: "100,000 live sessions, small payload, k=3". */
    public static String describeParams(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        String live = params.get(Measurement.LIVE_SESSIONS);
        if (live != null) {
            parts.add(countOrText(live) + " live sessions");
        }
        String payload = params.get(Measurement.PAYLOAD);
        if (payload != null) {
            parts.add(payload + " payload");
        }
        new TreeSet<>(params.keySet()).stream()
                .filter(k -> !k.equals(Measurement.LIVE_SESSIONS) && !k.equals(Measurement.PAYLOAD))
                .forEach(k -> parts.add(k + "=" + params.get(k)));
        return String.join(", ", parts);
    }

    /** Returns the ratio to the subject's raw limit or peer, "—" when none is defined, "n/a" when not measured. */
    static String ratioCell(Run run, Measurement m, boolean raw) {
        Optional<Subject> s = Run.catalog(m.subject());
        if (s.isEmpty() || s.get().kind() == Subject.Kind.RAW || Run.reference(m.subject(), raw).isEmpty()) {
            return NOT_DEFINED;
        }
        return Units.ratio(raw ? run.ratioToRaw(m) : run.ratioToPeer(m));
    }

    private static String refSuffix(String subject, boolean raw) {
        Optional<Subject> s = Run.catalog(subject);
        if (s.isEmpty() || s.get().kind() == Subject.Kind.RAW) {
            return "";
        }
        return Run.reference(subject, raw).map(r -> " " + r).orElse("");
    }

    private static String paramTitle(String param) {
        return switch (param) {
            case Measurement.LIVE_SESSIONS -> "Live sessions";
            case Measurement.PAYLOAD -> "Payload";
            default -> param;
        };
    }

    private static String perOp(Measurement m) {
        return Units.duration(perThreadSeconds(m));
    }

    /** Returns the seconds one thread spends on one operation: threads / throughput. */
    static double perThreadSeconds(Measurement m) {
        return m.threads() / m.score();
    }

    private static String bytesOf(Map<String, Double> fp, String key) {
        Double v = fp.get(key);
        return v == null ? Units.NOT_AVAILABLE : Units.bytes(v);
    }

    static String countOrText(String v) {
        try {
            return Units.count(Long.parseLong(v.replace("_", "")));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    static String orNot(String v) {
        return v == null || v.isBlank() ? "not recorded" : v;
    }

    static String fileName(String op) {
        return op.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static void clearCharts(Path charts) throws IOException {
        if (!Files.isDirectory(charts)) {
            return;
        }
        // only what this renderer writes: a report's folder may hold other files
        try (DirectoryStream<Path> files = Files.newDirectoryStream(charts, "*-{light,dark}.{svg,png}")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }
}
