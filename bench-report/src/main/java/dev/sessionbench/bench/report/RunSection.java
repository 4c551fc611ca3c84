package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.OperationsSection.OPERATIONS;
import static dev.sessionbench.bench.report.Wording.NOT_DEFINED;
import static dev.sessionbench.bench.report.Wording.countOrText;
import static dev.sessionbench.bench.report.Wording.orNot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What a run measured, where it ran and how to reproduce it. */
record RunSection(Run run) {

    void measured(Markdown md) {
        md.heading(2, "What was measured, and why");
        md.paragraph("Each operation a web application performs on its sessions, for every strategy, its backend's raw"
                + " limit and a peer library, at the thread counts, live-session counts and payloads below. The raw"
                + " limit says how much of the backend's speed the strategy keeps; the peer says whether it is worth"
                + " using instead of what exists.");
        List<List<String>> rows = new ArrayList<>();
        for (String op : run.operations()) {
            rows.add(List.of(
                    code(op),
                    OPERATIONS.getOrDefault(op, "(no description)"),
                    String.valueOf(run.of(op).stream()
                            .map(Measurement::subject)
                            .distinct()
                            .count()),
                    run.threads(op).stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    values(op, Measurement.LIVE_SESSIONS),
                    values(op, Measurement.PAYLOAD)));
        }
        md.table(List.of("Operation", "What it does", "Subjects", "Threads", "Live sessions", "Payloads"), rows);
        List<List<String>> subjects = new ArrayList<>();
        for (String s : run.subjects()) {
            Optional<Subject> c = Run.catalog(s);
            subjects.add(List.of(
                    code(s),
                    c.map(Subject::description).orElse("(not in this version's catalog)"),
                    Run.kind(s),
                    c.map(x -> x.family().name().toLowerCase()).orElse("?"),
                    c.isEmpty() || c.get().kind() == Subject.Kind.RAW
                            ? NOT_DEFINED
                            : Run.reference(s, true).map(Markdown::code).orElse(NOT_DEFINED),
                    c.isEmpty() || c.get().kind() == Subject.Kind.RAW
                            ? NOT_DEFINED
                            : Run.reference(s, false).map(Markdown::code).orElse(NOT_DEFINED)));
        }
        md.table(List.of("Subject", "What it is", "Kind", "Backend", "Raw limit", "Peer"), subjects);
        md.heading(3, "Not measured");
        List<String> not = new ArrayList<>();
        if (run.latency().isEmpty()) {
            not.add("Latency percentiles under load: this run has no `" + LatencySummary.FILE_NAME + "` (open-loop"
                    + " runs); every number here is throughput (JMH throughput mode).");
        }
        boolean cluster = run.subjects().contains(Subject.REDIS_CLUSTER.label());
        not.add((run.networked().isEmpty()
                        ? "A real network: Redis runs on the same machine over loopback; no TLS"
                        : "A real network: Redis runs on the same machine, with round trips simulated on loopback (see"
                                + " [Network round trips](#network-round-trips)); no TLS")
                + (cluster ? ", no Redis replica." : ", no Redis Cluster or replica."));
        not.add("GC pauses on their own (they are inside the latency percentiles where those were measured).");
        not.add("The web framework around a session (HTTP parsing, cookies, filters).");
        not.add("Payloads other than the ones listed.");
        List<String> absent = Arrays.stream(Subject.values())
                .map(Subject::label)
                .filter(l -> !run.subjects().contains(l))
                .toList();
        if (!absent.isEmpty()) {
            not.add("Subjects of the catalog absent from this run: "
                    + absent.stream().map(Markdown::code).collect(Collectors.joining(", ")) + ".");
        }
        List<String> absentOps =
                Run.OPERATION_ORDER.stream().filter(op -> run.of(op).isEmpty()).toList();
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

    String values(String op, String param) {
        List<String> v = run.paramValues(op, param);
        if (v.isEmpty()) {
            return NOT_DEFINED;
        }
        return v.stream()
                .map(x -> param.equals(Measurement.LIVE_SESSIONS) ? countOrText(x) : x)
                .collect(Collectors.joining(", "));
    }

    void environment(Markdown md) {
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
        rows.add(List.of(
                "JVM flags",
                e.jvmFlags() == null || e.jvmFlags().isEmpty()
                        ? "none recorded"
                        : e.jvmFlags().stream().map(Markdown::code).collect(Collectors.joining(" "))));
        rows.add(List.of("Redis", orNot(e.redisVersion())));
        rows.add(List.of("Redis ran", orNot(e.redisLocation())));
        rows.add(List.of("MapDB durability", mapText(e.mapdbDurability(), true)));
        rows.add(List.of("Libraries", mapText(e.libraries(), false)));
        rows.add(List.of("Git commit", e.gitCommit() == null ? "not recorded" : code(e.gitCommit())));
        rows.add(List.of("Run took", e.durationSeconds() > 0 ? Units.wallClock(e.durationSeconds()) : "not recorded"));
        rows.add(List.of(
                "Footprint",
                e.footprint() == null || e.footprint().isEmpty()
                        ? "not measured"
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

    static String mapText(Map<String, String> map, boolean codeKeys) {
        if (map == null || map.isEmpty()) {
            return "not recorded";
        }
        return new TreeSet<>(map.keySet())
                .stream()
                        .map(k -> (codeKeys ? code(k) + ": " + map.get(k) : code(k + " " + map.get(k))))
                        .collect(Collectors.joining("<br>"));
    }

    void reproduce(Markdown md) {
        md.heading(2, "Reproduce");
        Environment e = run.environment();
        md.paragraph("The command that made this run"
                + (e.durationSeconds() > 0 ? " (it took " + Units.wallClock(e.durationSeconds()) + ")" : "") + ":");
        md.code("sh", orNot(e.command()));
        md.paragraph("Re-render this report from its JSON:");
        md.code("sh", "java -jar bench/target/benchmarks.jar report <this folder>");
    }
}
