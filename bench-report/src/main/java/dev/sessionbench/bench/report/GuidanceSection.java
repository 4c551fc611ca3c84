package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.Wording.bytesOf;
import static dev.sessionbench.bench.report.Wording.describe;
import static dev.sessionbench.bench.report.Wording.describeParams;
import static dev.sessionbench.bench.report.Wording.noise;
import static dev.sessionbench.bench.report.Wording.perOp;
import static dev.sessionbench.bench.report.Wording.perThreadSeconds;
import static dev.sessionbench.bench.report.Wording.significant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** "Which strategy when": sentences computed from this run's numbers, and the facts numbers cannot show. */
record GuidanceSection(Run run) {

    void render(Markdown md) {
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
        s.add(fsyncFloor());
        s.add(peers());
        s.add(coresPer10k());
        p99AtCommonLoad().ifPresent(s::add);
        oneMillisecondNetwork().ifPresent(s::add);
        s.add(saturation("lookupHit"));
        s.add(saturation("mixed"));
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
                        + " every Redis operation, and the Redis rows are an upper bound"
                        + (run.networked().isEmpty() ? "." : " (the simulated round trips show by how much).")));
    }

    /** Operations per second a capacity figure is given for. */
    static final double CAPACITY_UNIT_OPS = 10_000;

    /**
     * Returns the cores each strategy needs per 10,000 mixed requests per second: client plus (for Redis) server CPU
     * per request, at the most threads at which the strategy's CPU was measured.
     */
    String coresPer10k() {
        List<String> parts = new ArrayList<>();
        Optional<Measurement.Config> head = run.headline("mixed");
        List<Integer> threads = new ArrayList<>(run.threads("mixed"));
        java.util.Collections.reverse(threads);
        for (String subject : run.subjects()) {
            if (!"strategy".equals(Run.kind(subject)) || head.isEmpty()) {
                continue;
            }
            for (int t : threads) {
                Optional<Measurement> m = run.find(
                                subject,
                                new Measurement.Config("mixed", head.get().params(), t))
                        .filter(x -> Double.isFinite(x.coresPer10k()));
                if (m.isPresent()) {
                    parts.add(code(subject) + " " + Units.cores(m.get().coresPer10k()) + " (" + t + " thread"
                            + (t == 1 ? "" : "s") + ")");
                    break;
                }
            }
        }
        if (parts.isEmpty()) {
            return "Cores per 10,000 requests per second of the `mixed` workload: not measured (this run has no "
                    + code(JmhJson.CPU_PER_OP) + " result).";
        }
        return "Cores per 10,000 requests per second of the `mixed` workload (the benchmark process's CPU time per"
                + " request, plus the Redis server's for Redis, at the most threads measured with CPU; "
                + describeParams(head.get().params()) + "): " + String.join(", ", parts) + ".";
    }

    /** Returns the intended-start p99 of each strategy at the common (fixed) load of the open-loop runs. */
    Optional<String> p99AtCommonLoad() {
        List<String> sentences = new ArrayList<>();
        Map<String, List<LatencySummary.Row>> byOp = new LinkedHashMap<>();
        LatencySection.rows(run).stream()
                .filter(r -> LatencySection.FIXED.equals(r.load()))
                .filter(r -> Measurement.DIRECT.equals(LatencySection.network(r)))
                .filter(r -> "strategy".equals(Run.kind(r.subject())) && r.intended() != null)
                .forEach(r -> byOp.computeIfAbsent(r.operation(), k -> new ArrayList<>())
                        .add(r));
        for (Map.Entry<String, List<LatencySummary.Row>> e : byOp.entrySet()) {
            Map<String, List<String>> byRate = new LinkedHashMap<>();
            for (LatencySummary.Row r : e.getValue()) {
                String at = Units.opsPerSecond(r.offeredRate()) + ", " + r.threads() + " thread"
                        + (r.threads() == 1 ? "" : "s");
                byRate.computeIfAbsent(at, k -> new ArrayList<>())
                        .add(code(r.subject()) + " "
                                + Units.micros(r.intended().p99())
                                + (r.unissued() > 0 || r.failures() > 0 ? " (did not keep up)" : ""));
            }
            byRate.forEach(
                    (at, parts) -> sentences.add(code(e.getKey()) + " at " + at + ": " + String.join(", ", parts)));
        }
        if (sentences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("p99 latency at the common load, from each request's intended start (open loop; see"
                + " [Latency under load](#latency-under-load-open-loop)): " + String.join("; ", sentences) + ".");
    }

    /** Returns what a 1 ms round trip does to the Redis store at the fewest and the most threads measured. */
    Optional<String> oneMillisecondNetwork() {
        for (String op : List.of("mixed", "lookupHit")) {
            Optional<Measurement.Config> head = run.headline(op);
            if (head.isEmpty()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int t : run.threads(op)) {
                run.find("redis", new Measurement.Config(op, head.get().params(), t))
                        .flatMap(d -> RoundTripSection.oneMillisecondRatio(run, d))
                        .ifPresent(r -> parts.add(Units.ratio(r) + " at " + t + " thread" + (t == 1 ? "" : "s")));
            }
            if (parts.size() > 2) {
                parts.subList(1, parts.size() - 1).clear();
            }
            if (!parts.isEmpty()) {
                return Optional.of("A 1 ms network round trip leaves `redis` " + code(op) + " this share of its"
                        + " direct throughput: " + String.join(", ", parts) + " (see [Network round"
                        + " trips](#network-round-trips); loopback Redis is an upper bound).");
            }
        }
        return Optional.empty();
    }

    /** The throughput gain below which one more step of threads counts as saturated. */
    static final double SATURATION_GAIN = 0.10;

    /**
     * Returns the thread count beyond which {@code subject}'s throughput gains less than {@link #SATURATION_GAIN}
     * at the next measured count; empty when it still gains that much at the most threads.
     */
    Optional<Integer> saturatesAt(String op, String subject, Map<String, String> params) {
        Measurement before = null;
        for (int t : run.threads(op)) {
            Optional<Measurement> m = run.find(subject, new Measurement.Config(op, params, t));
            if (m.isEmpty()) {
                continue;
            }
            if (before != null && m.get().score() < before.score() * (1 + SATURATION_GAIN)) {
                return Optional.of(before.threads());
            }
            before = m.get();
        }
        return Optional.empty();
    }

    /** Returns, per strategy, the thread count where its throughput peaked and what is left at the most threads. */
    String saturation(String op) {
        List<Integer> threads = run.threads(op);
        Optional<Measurement.Config> head = run.headline(op);
        if (threads.size() < 3 || head.isEmpty()) {
            return "Where " + code(op) + " saturates on this machine: " + Units.NOT_AVAILABLE
                    + " (not measured at three or more thread counts).";
        }
        int most = threads.get(threads.size() - 1);
        List<String> parts = new ArrayList<>();
        for (String subject : run.subjects()) {
            if (!"strategy".equals(Run.kind(subject))) {
                continue;
            }
            Measurement peak = null;
            Measurement last = null;
            for (int t : threads) {
                Optional<Measurement> m =
                        run.find(subject, new Measurement.Config(op, head.get().params(), t));
                if (m.isPresent() && (peak == null || m.get().score() > peak.score())) {
                    peak = m.get();
                }
                if (m.isPresent() && t == most) {
                    last = m.get();
                }
            }
            if (peak != null && last != null) {
                Optional<Integer> sat = saturatesAt(op, subject, head.get().params());
                parts.add(code(subject) + " peaks at " + peak.threads() + " thread" + (peak.threads() == 1 ? "" : "s")
                        + " (" + Units.opsPerSecond(peak.score()) + ")"
                        + (peak == last ? "" : ", " + Units.ratio(last.score() / peak.score()) + " of that at " + most)
                        + sat.map(t -> ", gains under " + Units.percent(SATURATION_GAIN, 1) + " beyond " + t)
                                .orElse(", still gaining " + Units.percent(SATURATION_GAIN, 1) + " or more at "
                                        + most));
            }
        }
        return "Where " + code(op) + " saturates on this machine ("
                + run.environment().cores() + " cores; "
                + describeParams(head.get().params()) + "): "
                + (parts.isEmpty() ? Units.NOT_AVAILABLE : String.join("; ", parts)) + ".";
    }

    String slower(String op, String slow, String fast, String slowWords, String fastWords) {
        Optional<Measurement> s = run.headlineOf(op, slow);
        Optional<Measurement> f = run.headlineOf(op, fast);
        if (s.isEmpty() || f.isEmpty()) {
            return slowWords + " against " + fastWords + ": " + Units.NOT_AVAILABLE + " (" + code(op) + " of "
                    + code(slow) + " or " + code(fast) + " not measured in this run).";
        }
        double factor = f.get().score() / s.get().score();
        return "Latency at one thread, not capacity: "
                + slowWords.substring(0, 1).toLowerCase()
                + slowWords.substring(1) + " is **" + Units.sig(factor) + "× " + (factor >= 1 ? "slower" : "faster")
                + "** than "
                + fastWords + ": " + Units.opsPerSecond(s.get().score()) + " against "
                + Units.opsPerSecond(f.get().score()) + ", " + perOp(s.get()) + " against " + perOp(f.get())
                + " per lookup (" + code(op) + ", " + describe(s.get().config()) + ")" + noise(s.get(), f.get())
                + ".";
    }

    String tokenCost() {
        Optional<Measurement> t = run.headlineOf("lookupHit", "token");
        Optional<Measurement> m = run.headlineOf("lookupHit", "memory");
        Map<String, Double> fp = run.footprint("token");
        StringBuilder b = new StringBuilder("A stateless token costs ");
        b.append(bytesOf(fp, "cookieBytes.small"))
                .append(" of cookie on every request (the token itself ")
                .append(bytesOf(fp, "tokenBytes.small"))
                .append("; ")
                .append(bytesOf(fp, "cookieBytes.large"))
                .append(" with the large payload)");
        if (t.isPresent()) {
            b.append(" and ")
                    .append(perOp(t.get()))
                    .append(" of CPU to verify (")
                    .append(code("lookupHit"))
                    .append(", ")
                    .append(describe(t.get().config()))
                    .append(')');
            m.ifPresent(mem -> b.append(", ")
                    .append(Units.sig(mem.score() / t.get().score()))
                    .append("× the time of an in-memory lookup"));
        } else {
            b.append("; its verification time is ").append(Units.NOT_AVAILABLE).append(" (not measured)");
        }
        return b.append('.').toString();
    }

    String revocation() {
        Optional<Measurement> t = run.headlineOf("lookupHit", "token");
        Optional<Measurement> r = run.headlineOf("lookupHit", "token-revocable");
        if (t.isEmpty() || r.isEmpty()) {
            return "What revocation adds to a token lookup: " + Units.NOT_AVAILABLE
                    + " (`token` or `token-revocable` lookups not measured in this run).";
        }
        double added = perThreadSeconds(r.get()) - perThreadSeconds(t.get());
        String numbers = Units.opsPerSecond(r.get().score()) + " against "
                + Units.opsPerSecond(t.get().score())
                + " without it (" + Units.ratio(r.get().score() / t.get().score()) + ", "
                + describe(t.get().config()) + ")";
        if (!significant(t.get(), r.get())) {
            return "Revocation (a denylist checked on every lookup) adds no cost beyond this run's error to a token"
                    + " lookup: " + numbers + ".";
        }
        return "Revocation (a denylist checked on every lookup) " + (added >= 0 ? "adds **" : "saves **")
                + Units.duration(Math.abs(added)) + "** per token lookup: " + numbers + ".";
    }

    /** Returns the crash-safe MapDB store's saves against the disk's fsync rate: at most 1 for any such store. */
    String fsyncFloor() {
        for (String op : List.of("accessAndSave", "create")) {
            Optional<Measurement> safe = run.headlineOf(op, "mapdb");
            Optional<Measurement> fsync = safe.flatMap(m -> run.find("raw-fsync", m.config()));
            if (safe.isPresent() && fsync.isPresent()) {
                return "A crash-safe save cannot beat the disk's fsync: `mapdb` " + code(op) + " makes "
                        + Units.opsPerSecond(safe.get().score()) + " against "
                        + Units.opsPerSecond(fsync.get().score())
                        + " forced pages (`raw-fsync`), **"
                        + Units.ratio(safe.get().score() / fsync.get().score())
                        + "** of the floor (" + describe(safe.get().config()) + ")" + noise(safe.get(), fsync.get())
                        + ".";
            }
        }
        return "Crash-safe saves against the disk's fsync rate: " + Units.NOT_AVAILABLE
                + " (`mapdb` and `raw-fsync` saves not both measured in this run).";
    }

    String durability() {
        for (String op : List.of("accessAndSave", "create")) {
            Optional<Measurement> safe = run.headlineOf(op, "mapdb");
            Optional<Measurement> batched = run.headlineOf(op, "mapdb-batched");
            if (safe.isPresent() && batched.isPresent()) {
                return "Crash safety costs MapDB writes **"
                        + Units.sig(batched.get().score() / safe.get().score())
                        + "×**: " + Units.opsPerSecond(safe.get().score()) + " with a commit per write against "
                        + Units.opsPerSecond(batched.get().score()) + " batched (" + code(op) + ", "
                        + describe(safe.get().config()) + ")" + noise(safe.get(), batched.get()) + ".";
            }
        }
        return "What crash safety costs MapDB writes: " + Units.NOT_AVAILABLE
                + " (`mapdb` and `mapdb-batched` saves not both measured in this run).";
    }

    String peers() {
        List<String> parts = new ArrayList<>();
        boolean lookupCompared = false;
        for (String op : List.of("lookupHit", "create")) {
            for (String subject : run.subjects()) {
                double r = "strategy".equals(Run.kind(subject))
                        ? run.headlineOf(op, subject).map(run::ratioToPeer).orElse(Double.NaN)
                        : Double.NaN;
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
                + (lookupCompared
                        ? " Spring Session's `findById` does less than our lookups: it records the access only at"
                                + " the save that ends a request, where ours record it (and Redis moves the key's TTL) on"
                                + " every lookup."
                        : "");
    }

    String threadScaling(String op) {
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
        List<String> parts = ratios(a, b);
        return "From " + lo + " to " + hi + " threads, " + code(op) + " throughput changes by: "
                + (parts.isEmpty() ? Units.NOT_AVAILABLE : String.join(", ", parts)) + " ("
                + describeParams(a.params())
                + (run.environment().cores() > 0 ? "; " + run.environment().cores() + " cores" : "") + ").";
    }

    /**
     * Returns, for each subject measured at both configurations (raw limits left out), its name and the ratio of its
     * score at {@code b} to its score at {@code a}.
     */
    private List<String> ratios(Measurement.Config a, Measurement.Config b) {
        List<String> parts = new ArrayList<>();
        for (String subject : run.subjects()) {
            Optional<Measurement> x = run.find(subject, a);
            Optional<Measurement> y = run.find(subject, b);
            if (x.isPresent() && y.isPresent() && !"raw limit".equals(Run.kind(subject))) {
                parts.add(code(subject) + " "
                        + Units.ratio(y.get().score() / x.get().score()));
            }
        }
        return parts;
    }

    String liveSessionGrowth(String op) {
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
        List<String> parts = ratios(a, b);
        return "From " + Units.count(Long.parseLong(live.get(0))) + " to "
                + Units.count(Long.parseLong(live.get(live.size() - 1))) + " live sessions, " + code(op)
                + " throughput changes by: " + (parts.isEmpty() ? Units.NOT_AVAILABLE : String.join(", ", parts))
                + " (" + head.get().threads() + " thread" + (head.get().threads() == 1 ? "" : "s") + ").";
    }

    String footprintSentence() {
        List<String> parts = new ArrayList<>();
        addFootprint(parts, "memory", "heapBytesPerSession.small", "of heap");
        addFootprint(parts, "mapdb", "fileBytesPerSession.small", "of file");
        addFootprint(parts, "redis", "redisUsedMemoryPerSession.small", "of Redis memory");
        addFootprint(parts, "token", "cookieBytes.small", "in every request instead of server memory");
        return "Each live session (small payload) holds "
                + (parts.isEmpty()
                        ? Units.NOT_AVAILABLE + " (no footprint" + " measured in this run)"
                        : String.join(", ", parts))
                + ".";
    }

    void addFootprint(List<String> parts, String subject, String metric, String words) {
        Double v = run.footprint(subject).get(metric);
        if (v != null) {
            parts.add(code(subject) + " " + Units.bytes(v) + " " + words);
        }
    }
}
