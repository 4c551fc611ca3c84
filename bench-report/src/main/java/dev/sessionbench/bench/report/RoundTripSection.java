package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.ReportRenderer.CHARTS_DIR;
import static dev.sessionbench.bench.report.Wording.describeParams;
import static dev.sessionbench.bench.report.Wording.fileName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Network round trips": the Redis subjects' throughput through a simulated network ({@code proxy-<rtt>}, the
 * delaying TCP proxy; {@code rtt-<rtt>}, {@code tc netem} where the kernel has it, else the proxy) against
 * {@code direct}, and "Redis Cluster against one Redis": {@code redis-cluster} beside {@code redis}.
 */
final class RoundTripSection {

    /** The proxy with no delay: what the proxy itself costs. */
    static final String PROXY_0 = "proxy-0us";
    /** The round trip whose effect the guidance states. */
    static final List<String> ONE_MS = List.of("rtt-1ms", "proxy-1ms");

    /** How a run names the way a network was made, as in "rtt-1ms via netem to ...". */
    private static final Pattern VIA = Pattern.compile("\\b((?:rtt|proxy)-[0-9.]+[a-zµ]*s) via (netem|proxy)");

    private static final Pattern ROUND_TRIP = Pattern.compile("^(?:rtt|proxy)-([0-9.]+)(us|µs|ms|s)$");

    private final Run run;
    private final boolean png;

    RoundTripSection(Run run, boolean png) {
        this.run = run;
        this.png = png;
    }

    /** Returns the round trip a network label adds in microseconds: 0 for direct and proxy-0us, NaN when unknown. */
    static double roundTripMicros(String network) {
        if (Measurement.DIRECT.equals(network)) {
            return 0;
        }
        Matcher m = ROUND_TRIP.matcher(network);
        if (!m.matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> v * 1000;
            case "s" -> v * 1e6;
            default -> v;
        };
    }

    /** Orders networks: direct, then the proxy's, then the rtt- ones, each by round trip. */
    static Comparator<String> networkOrder() {
        return Comparator.comparing((String n) -> Measurement.DIRECT.equals(n) ? 0 : n.startsWith("proxy-") ? 1 : 2)
                .thenComparingDouble(RoundTripSection::roundTripMicros)
                .thenComparing(n -> n);
    }

    /** A row of the round-trip table: one subject at one parameter set (network aside) and thread count. */
    private record Key(String subject, Map<String, String> params, int threads) {}

    void render(Markdown md, Path charts) throws IOException {
        List<Measurement> networked = run.networked();
        if (networked.isEmpty()) {
            return;
        }
        md.heading(2, "Network round trips");
        md.paragraph("Redis here runs on the same machine, over loopback. These rows run the Redis clients through a"
                + " simulated network instead: `proxy-<rtt>` through a TCP proxy that delays each direction by half the"
                + " round trip (`proxy-0us` delays nothing: what the proxy itself costs), `rtt-<rtt>` by "
                + "`tc netem` in the kernel where it is available, else by the same proxy. Each cell is the"
                + " throughput with its ratio to `direct` at the same subject, parameters and threads. "
                + mechanism());
        List<String> ops = networked.stream()
                .map(Measurement::operation)
                .distinct()
                .sorted(Comparator.comparing(Run::operationRank).thenComparing(o -> o))
                .toList();
        for (String op : ops) {
            operation(md, op, charts);
        }
    }

    /** Returns what this run's notes say made the rtt- round trips: netem or the proxy. */
    String mechanism() {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        List<String> notes = run.environment().notes() == null
                ? List.of()
                : run.environment().notes();
        for (String note : notes) {
            Matcher m = VIA.matcher(note);
            while (m.find()) {
                if (m.group(1).startsWith("rtt-")) {
                    seen.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(m.group(2));
                }
            }
        }
        boolean anyRtt = run.networked().stream().anyMatch(x -> x.network().startsWith("rtt-"));
        if (!anyRtt) {
            return "This run has no `rtt-` rows.";
        }
        if (seen.isEmpty()) {
            return "This run's notes do not record whether its `rtt-` rows went through netem or the proxy.";
        }
        List<String> parts = new ArrayList<>();
        seen.forEach((n, how) -> parts.add(code(n) + " through " + String.join(" and ", how)));
        return "In this run, as its notes record: " + String.join(", ", parts) + ".";
    }

    private void operation(Markdown md, String op, Path charts) throws IOException {
        md.heading(3, op + " through a network");
        List<Measurement> all = run.allNetworksOf(op);
        Set<String> subjects = new LinkedHashSet<>();
        run.networked().stream().filter(m -> m.operation().equals(op)).forEach(m -> subjects.add(m.subject()));
        List<String> networks = all.stream()
                .filter(m -> subjects.contains(m.subject()))
                .map(Measurement::network)
                .distinct()
                .sorted(networkOrder())
                .toList();
        Map<Key, Map<String, Measurement>> rows = new LinkedHashMap<>();
        all.stream()
                .filter(m -> subjects.contains(m.subject()))
                .sorted(Comparator.comparing((Measurement m) -> Run.subjectRank(m.subject()))
                        .thenComparing(Measurement::subject)
                        .thenComparing(m -> m.params().toString())
                        .thenComparingInt(Measurement::threads))
                .forEach(m -> {
                    Map<String, String> p = new LinkedHashMap<>(m.params());
                    p.remove(Measurement.NETWORK);
                    rows.computeIfAbsent(new Key(m.subject(), Map.copyOf(p), m.threads()), k -> new LinkedHashMap<>())
                            .put(m.network(), m);
                });
        // rows measured only directly (a thread count without any network row) would be noise here
        rows.values().removeIf(byNet -> byNet.keySet().stream().allMatch(Measurement.DIRECT::equals));
        boolean paramsVary = rows.keySet().stream().map(Key::params).distinct().count() > 1;
        if (!paramsVary && !rows.isEmpty()) {
            String p = describeParams(rows.keySet().iterator().next().params());
            if (!p.isEmpty()) {
                md.paragraph("All rows: " + p + ".");
            }
        }
        List<String> header = new ArrayList<>(List.of("Subject"));
        if (paramsVary) {
            header.add("Parameters");
        }
        header.add("Threads");
        header.addAll(networks);
        List<List<String>> table = new ArrayList<>();
        List<String> proxyCost = new ArrayList<>();
        for (Map.Entry<Key, Map<String, Measurement>> e : rows.entrySet()) {
            Key k = e.getKey();
            Measurement direct = e.getValue().get(Measurement.DIRECT);
            List<String> row = new ArrayList<>(List.of(code(k.subject())));
            if (paramsVary) {
                row.add(describeParams(k.params()));
            }
            row.add(String.valueOf(k.threads()));
            for (String n : networks) {
                Measurement m = e.getValue().get(n);
                if (m == null) {
                    row.add(Units.NOT_AVAILABLE);
                } else if (n.equals(Measurement.DIRECT)) {
                    row.add(Units.opsPerSecond(m.score()));
                } else {
                    row.add(Units.opsPerSecond(m.score()) + " ("
                            + Units.ratio(direct == null ? Double.NaN : m.score() / direct.score()) + ")");
                }
            }
            Measurement proxy = e.getValue().get(PROXY_0);
            if (proxy != null && direct != null) {
                proxyCost.add(code(k.subject()) + " at " + k.threads() + " thread" + (k.threads() == 1 ? "" : "s") + " "
                        + Units.ratio(proxy.score() / direct.score()) + Wording.noise(proxy, direct));
            }
            table.add(row);
        }
        md.table(header, table);
        if (proxyCost.isEmpty()) {
            md.paragraph("The proxy's own cost: " + Units.NOT_AVAILABLE + " (no `" + PROXY_0 + "` row beside a"
                    + " `direct` one for " + code(op) + ").");
        } else {
            md.paragraph("The proxy's own cost (`" + PROXY_0 + "` against `direct`, no delay added): "
                    + String.join("; ", proxyCost) + ". A `proxy-` column above includes it; an `rtt-` column"
                    + " made by netem does not.");
        }
        chart(md, op, rows, charts);
    }

    private void chart(Markdown md, String op, Map<Key, Map<String, Measurement>> rows, Path charts)
            throws IOException {
        boolean paramsVary = rows.keySet().stream().map(Key::params).distinct().count() > 1;
        List<Charts.Line> lines = new ArrayList<>();
        for (Map.Entry<Key, Map<String, Measurement>> e : rows.entrySet()) {
            List<Measurement> points = e.getValue().values().stream()
                    .filter(m -> roundTripMicros(m.network()) > 0)
                    // one point per round trip: the rtt- row where both exist, the proxy's otherwise
                    .sorted(Comparator.comparingDouble((Measurement m) -> roundTripMicros(m.network()))
                            .thenComparing(m -> m.network().startsWith("rtt-") ? 0 : 1))
                    .toList();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (Measurement m : points) {
                double rtt = roundTripMicros(m.network());
                if (!x.isEmpty() && x.get(x.size() - 1) == rtt) {
                    continue;
                }
                x.add(rtt);
                y.add(m.score());
                err.add(m.error());
            }
            if (x.size() >= 2) {
                Key k = e.getKey();
                lines.add(new Charts.Line(
                        k.subject() + " " + k.threads() + "t" + (paramsVary ? " " + describeParams(k.params()) : ""),
                        k.subject(),
                        x,
                        y,
                        err));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        String name = Charts.lines(
                charts,
                "rtt-" + fileName(op),
                op + " against the network's round trip",
                "round trip, µs (log scale)",
                Charts.THROUGHPUT_LOG_AXIS,
                lines,
                png);
        md.paragraph("How " + code(op) + " throughput falls with the round trip, one line per subject and thread"
                + " count:");
        md.picture(CHARTS_DIR, name, op + " throughput against round-trip time per subject and thread count");
    }

    /** Returns a subject's throughput through a 1 ms round trip over its direct throughput, if both were measured. */
    static Optional<Double> oneMillisecondRatio(Run run, Measurement direct) {
        for (String n : ONE_MS) {
            Optional<Measurement> m = run.findOn(direct.subject(), direct.config(), n);
            if (m.isPresent()) {
                return Optional.of(m.get().score() / direct.score());
            }
        }
        return Optional.empty();
    }

    /** "Redis Cluster against one Redis": every redis-cluster row beside the redis row of the same config. */
    void cluster(Markdown md) {
        List<Measurement> cluster = run.measurements().stream()
                .filter(m -> m.subject().equals("redis-cluster"))
                .toList();
        if (cluster.isEmpty()) {
            return;
        }
        md.heading(2, "Redis Cluster against one Redis");
        md.paragraph("The Redis store on a three-master Redis Cluster (`redis-cluster`) beside the same store on one"
                + " Redis (`redis`), at the same operation, parameters and threads; the ratio is what routing each"
                + " key to its slot's master costs here, where all the masters share this machine's cores.");
        List<List<String>> rows = new ArrayList<>();
        for (Measurement c : cluster) {
            Optional<Measurement> single = run.find("redis", c.config());
            String p = describeParams(c.params());
            rows.add(List.of(
                    code(c.operation()),
                    p.isEmpty() ? Wording.NOT_DEFINED : p,
                    String.valueOf(c.threads()),
                    single.map(s -> Units.opsPerSecond(s.score())).orElse(Units.NOT_AVAILABLE),
                    Units.opsPerSecond(c.score()),
                    single.map(s -> Units.ratio(c.score() / s.score())
                                    + Wording.noise(c, s)
                                            .replace("; the difference is within this run's error", " (within error)"))
                            .orElse(Units.NOT_AVAILABLE),
                    single.map(s -> Units.cores(s.coresPer10k())).orElse(Units.NOT_AVAILABLE),
                    Units.cores(c.coresPer10k())));
        }
        md.table(
                List.of(
                        "Operation",
                        "Parameters",
                        "Threads",
                        "`redis`",
                        "`redis-cluster`",
                        "Cluster / one",
                        "Cores per 10k ops/s, one",
                        "Cores per 10k ops/s, cluster"),
                rows);
    }
}
