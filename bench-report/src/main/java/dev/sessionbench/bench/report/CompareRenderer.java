package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders two runs side by side (before/after, or machine against machine): every result present in either, the
 * ratio B / A, and a mark where the difference is larger than the two errors added together.
 *
 * @param a   the first run, A
 * @param b   the run compared with it, B
 * @param png whether to also write PNG copies of the charts
 */
public record CompareRenderer(Run a, Run b, boolean png) {

    /** Marks a result significantly faster in B than in A. */
    public static final String FASTER = "▲ faster";
    /** Marks a result significantly slower in B than in A. */
    public static final String SLOWER = "▼ slower";
    /** Marks a difference within the combined error. */
    public static final String WITHIN_ERROR = "within error";

    /** Returns the verdict on B against A: faster, slower, within error, or n/a when either side is missing. */
    public static String verdict(Measurement a, Measurement b) {
        if (a == null || b == null) {
            return Units.NOT_AVAILABLE;
        }
        if (!Double.isFinite(a.error()) || !Double.isFinite(b.error())) {
            return "error unknown";
        }
        if (!Wording.significant(a, b)) {
            return WITHIN_ERROR;
        }
        return b.score() > a.score() ? FASTER : SLOWER;
    }

    /** Returns the path of the README.md written into {@code outDir}, with its charts. */
    public Path render(Path outDir) throws IOException {
        Markdown md = new Markdown();
        String nameA = name(a, b);
        String nameB = name(b, a);
        md.heading(1, "sessionbench comparison: " + nameA + " (A) against " + nameB + " (B)");
        md.paragraph("A: `" + a.dir() + "`; B: `" + b.dir() + "`. *B / A* is B's throughput divided by A's at the"
                + " same operation, subject, parameters and threads. **" + FASTER + "** and **" + SLOWER + "** mark a"
                + " difference larger than the two 99.9 % confidence half-widths added together; anything else is"
                + " within error. Every number comes from the two runs' JSON.");
        environments(md);
        Set<String> ops = new LinkedHashSet<>(a.operations());
        ops.addAll(b.operations());
        List<String> ordered = ops.stream()
                .sorted((x, y) -> {
                    int c = Integer.compare(Run.operationRank(x), Run.operationRank(y));
                    return c != 0 ? c : x.compareTo(y);
                })
                .toList();
        int faster = 0;
        int slower = 0;
        boolean quick = QuickSection.quickAgainstFull(a, b);
        int within = 0;
        int paired = 0;
        if (quick) {
            md.paragraph("A quick run against a full run: *within " + QuickSection.toleranceText()
                    + "* says whether the row of one is within that share of the same row of the other, the"
                    + " promise a quick run makes.");
        }
        md.heading(2, "Per operation");
        for (String op : ordered) {
            md.heading(3, op);
            if (a.of(op).isEmpty() || b.of(op).isEmpty()) {
                md.paragraph("Measured only in " + (a.of(op).isEmpty() ? "B" : "A") + " ("
                        + (a.of(op).size() + b.of(op).size()) + " results): nothing to compare.");
                continue;
            }
            Map<Key, Measurement[]> rows = pair(op);
            chart(md, op, rows, outDir.resolve(ReportRenderer.CHARTS_DIR));
            List<List<String>> table = new ArrayList<>();
            for (Map.Entry<Key, Measurement[]> e : rows.entrySet()) {
                Measurement ma = e.getValue()[0];
                Measurement mb = e.getValue()[1];
                String v = verdict(ma, mb);
                faster += v.equals(FASTER) ? 1 : 0;
                slower += v.equals(SLOWER) ? 1 : 0;
                List<String> row = new ArrayList<>(List.of(
                        code(e.getKey().subject()),
                        Wording.describeParams(e.getKey().params()),
                        String.valueOf(e.getKey().threads()),
                        cell(ma),
                        cell(mb),
                        ma == null || mb == null ? Units.NOT_AVAILABLE : Units.ratio(mb.score() / ma.score()),
                        v.equals(FASTER) || v.equals(SLOWER) ? "**" + v + "**" : v));
                if (quick) {
                    String w = QuickSection.within(ma, mb);
                    row.add(w);
                    paired += ma != null && mb != null ? 1 : 0;
                    within += w.equals("yes") ? 1 : 0;
                }
                table.add(row);
            }
            List<String> header =
                    new ArrayList<>(List.of("Subject", "Parameters", "Threads", "A", "B", "B / A", "Difference"));
            if (quick) {
                header.add("Within " + QuickSection.toleranceText());
            }
            md.table(header, table);
        }
        md.heading(2, "Summary");
        md.paragraph(faster + " result(s) significantly faster in B, " + slower + " significantly slower, across "
                + ordered.size() + " operation(s)."
                + (quick
                        ? " " + within + " of the " + paired + " rows measured in" + " both runs are within "
                                + QuickSection.toleranceText() + "."
                        : ""));
        Files.createDirectories(outDir);
        Path readme = outDir.resolve(ReportRenderer.README);
        Files.writeString(readme, md.toString(), StandardCharsets.UTF_8);
        return readme;
    }

    private void environments(Markdown md) {
        md.heading(2, "Environments");
        Environment ea = a.environment();
        Environment eb = b.environment();
        List<List<String>> rows = new ArrayList<>();
        row(rows, "Date", ea, eb, Environment::date);
        row(rows, "Machine", ea, eb, Environment::machine);
        row(rows, "Profile", ea, eb, Environment::profile);
        row(rows, "CPU", ea, eb, Environment::cpuModel);
        row(rows, "Cores", ea, eb, e -> e.cores() > 0 ? String.valueOf(e.cores()) : null);
        row(rows, "Memory", ea, eb, e -> e.memoryBytes() > 0 ? Units.bytes(e.memoryBytes()) : null);
        row(rows, "OS", ea, eb, Environment::os);
        row(rows, "JDK", ea, eb, Environment::jdk);
        row(rows, "JVM flags", ea, eb, e -> e.jvmFlags() == null ? null : String.join(" ", e.jvmFlags()));
        row(rows, "Redis", ea, eb, Environment::redisVersion);
        row(rows, "Redis ran", ea, eb, Environment::redisLocation);
        row(rows, "MapDB durability", ea, eb, e -> entries(e.mapdbDurability(), ": "));
        row(rows, "Libraries", ea, eb, e -> entries(e.libraries(), " "));
        row(rows, "Git commit", ea, eb, Environment::gitCommit);
        row(rows, "JMH settings", ea, eb, Environment::jmhSettings);
        row(rows, "Run took", ea, eb, e -> e.durationSeconds() > 0 ? Units.wallClock(e.durationSeconds()) : null);
        md.table(List.of("", "A", "B", "Same?"), rows);
    }

    private static void row(
            List<List<String>> rows, String field, Environment ea, Environment eb, Function<Environment, String> get) {
        String va = Wording.orNot(get.apply(ea));
        String vb = Wording.orNot(get.apply(eb));
        rows.add(List.of(field, va, vb, Objects.equals(va, vb) ? "same" : "**differs**"));
    }

    private Map<Key, Measurement[]> pair(String op) {
        Map<Key, Measurement[]> rows = new LinkedHashMap<>();
        for (Measurement m : a.allNetworksOf(op)) {
            rows.computeIfAbsent(Key.of(m), k -> new Measurement[2])[0] = m;
        }
        for (Measurement m : b.allNetworksOf(op)) {
            rows.computeIfAbsent(Key.of(m), k -> new Measurement[2])[1] = m;
        }
        List<Map.Entry<Key, Measurement[]>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((x, y) -> {
            Measurement mx = x.getValue()[0] != null ? x.getValue()[0] : x.getValue()[1];
            Measurement my = y.getValue()[0] != null ? y.getValue()[0] : y.getValue()[1];
            int c = Long.compare(mx.liveSessions().orElse(0L), my.liveSessions().orElse(0L));
            c = c != 0 ? c : mx.payload().orElse("").compareTo(my.payload().orElse(""));
            c = c != 0 ? c : mx.params().toString().compareTo(my.params().toString());
            c = c != 0 ? c : Integer.compare(mx.threads(), my.threads());
            c = c != 0 ? c : Integer.compare(Run.subjectRank(mx.subject()), Run.subjectRank(my.subject()));
            return c != 0 ? c : mx.subject().compareTo(my.subject());
        });
        Map<Key, Measurement[]> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private void chart(Markdown md, String op, Map<Key, Measurement[]> rows, Path charts) throws IOException {
        // one bar pair per subject at B's headline configuration (A's when B lacks the operation)
        Optional<Measurement.Config> head = b.headline(op).or(() -> a.headline(op));
        if (head.isEmpty()) {
            return;
        }
        List<String> subjects = new ArrayList<>();
        List<Double> va = new ArrayList<>();
        List<Double> ea = new ArrayList<>();
        List<Double> vb = new ArrayList<>();
        List<Double> eb = new ArrayList<>();
        for (Map.Entry<Key, Measurement[]> e : rows.entrySet()) {
            Key k = e.getKey();
            if (!k.params().equals(head.get().params())
                    || k.threads() != head.get().threads()) {
                continue;
            }
            subjects.add(k.subject());
            Measurement ma = e.getValue()[0];
            Measurement mb = e.getValue()[1];
            va.add(ma == null ? Double.NaN : ma.score());
            ea.add(ma == null ? Double.NaN : ma.error());
            vb.add(mb == null ? Double.NaN : mb.score());
            eb.add(mb == null ? Double.NaN : mb.error());
        }
        if (subjects.isEmpty()) {
            return;
        }
        String what = Wording.describe(head.get());
        String name = Charts.bars(
                charts,
                Wording.fileName(op),
                op + ": A against B (" + what + ")",
                Charts.THROUGHPUT_LOG_AXIS,
                subjects,
                List.of(new Charts.Bars("A: " + name(a, b), va, ea), new Charts.Bars("B: " + name(b, a), vb, eb)),
                png);
        md.picture(ReportRenderer.CHARTS_DIR, name, op + " throughput, A against B, " + what);
    }

    private static String entries(Map<String, String> map, String separator) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        return new java.util.TreeMap<>(map)
                .entrySet().stream()
                        .map(e -> e.getKey() + separator + e.getValue())
                        .collect(java.util.stream.Collectors.joining("<br>"));
    }

    private static String cell(Measurement m) {
        return m == null ? Units.NOT_AVAILABLE : Units.opsPerSecondWithError(m.score(), m.error());
    }

    /** Returns "date-machine" of a run, or its folder name when that is missing or the same as the other's. */
    private static String name(Run r, Run other) {
        String own = dateMachine(r);
        if (own != null && !own.equals(dateMachine(other))) {
            return own;
        }
        Path f = r.dir().toAbsolutePath().normalize().getFileName();
        return f == null ? r.dir().toString() : f.toString();
    }

    private static String dateMachine(Run r) {
        Environment e = r.environment();
        return e.date() != null && e.machine() != null ? e.date() + "-" + e.machine() : null;
    }

    /** What makes two results comparable across runs. */
    private record Key(String operation, String subject, Map<String, String> params, int threads) {
        static Key of(Measurement m) {
            return new Key(m.operation(), m.subject(), m.params(), m.threads());
        }
    }
}
