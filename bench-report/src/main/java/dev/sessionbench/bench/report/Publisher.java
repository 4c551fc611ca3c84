package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Publishes a run under {@code results/<date>-<machine>/} (its JSON, report and charts), then regenerates the index
 * {@code results/README.md} and the headline table between the markers of the project README. Only {@code full}
 * runs are published unless the caller allows a quick one.
 *
 * @param results       the folder runs are published into
 * @param projectReadme the project README whose headline table is kept current
 * @param png           whether to also write PNG copies of the charts
 * @param err           where warnings go
 */
public record Publisher(Path results, Path projectReadme, boolean png, PrintWriter err) {

    /** The marker after which the project README holds the headline table. */
    public static final String START_MARKER = "<!-- results:start -->";
    /** The marker before which the project README's headline table ends. */
    public static final String END_MARKER = "<!-- results:end -->";

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MACHINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Returns the folder the run was published to; throws {@link IllegalArgumentException} when it may not be. */
    public Path publish(Path runDir, boolean allowQuick) throws IOException {
        return publish(runDir, allowQuick, false);
    }

    /**
     * Publishes as {@link #publish(Path, boolean)}; refuses a run whose jar was not built from a clean commit unless
     * {@code allowDirty}, and compares the report with the previous run published for the same machine.
     */
    public Path publish(Path runDir, boolean allowQuick, boolean allowDirty) throws IOException {
        Run run = Run.load(runDir);
        if (!run.environmentRecorded()) {
            throw new IllegalArgumentException("cannot publish " + runDir + ": it has no " + Run.ENVIRONMENT_JSON
                    + ", and a published run must say where and how it was made");
        }
        Environment env = run.environment();
        if (!run.isPublishable() && !allowQuick) {
            throw new IllegalArgumentException("refusing to publish a '" + env.profile() + "' profile run: only '"
                    + Run.FULL_PROFILE + "' runs are published results (use --allow-quick to publish it anyway)");
        }
        if (!run.buildClean() && !allowDirty) {
            throw new IllegalArgumentException("refusing to publish a run whose jar was built from commit '"
                    + env.gitCommit() + "', not a clean commit: rebuild from a committed tree and run again (use"
                    + " --allow-dirty to publish it anyway; its report then says so)");
        }
        if (env.date() == null || !DATE.matcher(env.date()).matches()) {
            throw new IllegalArgumentException("environment.json date '" + env.date() + "' is not yyyy-mm-dd");
        }
        if (env.machine() == null || !MACHINE.matcher(env.machine()).matches()) {
            throw new IllegalArgumentException("environment.json machine '" + env.machine()
                    + "' is not a file-name-safe name (letters, digits, '.', '_', '-'; at most 63)");
        }
        Path target = results.resolve(env.date() + "-" + env.machine());
        Optional<Run> previous = previousOn(env.machine(), target);
        Files.createDirectories(target);
        if (!Files.isSameFile(target, runDir)) {
            copyRunFiles(runDir, target);
        }
        new ReportRenderer(Run.load(target), previous, png).render(target);
        reindex();
        return target;
    }

    /**
     * Copies what the run measured into {@code target}: its JSON files, the latency and per-request histograms
     * ({@code .hgrm}, {@code .hlog}) in their folders, and the command steps' logs; not the rendered report and
     * charts, which are rendered again there.
     */
    static void copyRunFiles(Path runDir, Path target) throws IOException {
        Path rendered = runDir.resolve(ReportRenderer.README);
        Path charts = runDir.resolve("charts");
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.equals(rendered) || f.startsWith(charts) || !Files.isRegularFile(f)) {
                    continue;
                }
                Path to = target.resolve(runDir.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Rewrites {@code results/README.md} and the project README's headline table from the published runs. */
    public void reindex() throws IOException {
        List<Run> runs = published();
        Files.createDirectories(results);
        Files.writeString(results.resolve(ReportRenderer.README), index(runs), StandardCharsets.UTF_8);
        updateProjectReadme(runs.isEmpty() ? null : runs.get(0));
    }

    /** Returns the newest run published for {@code machine} other than the one at {@code target}. */
    Optional<Run> previousOn(String machine, Path target) throws IOException {
        String name = target.getFileName().toString();
        return published().stream()
                .filter(r -> machine.equals(r.environment().machine()))
                .filter(r -> !r.dir().getFileName().toString().equals(name))
                .filter(r -> r.dir().getFileName().toString().compareTo(name) < 0)
                .findFirst();
    }

    /** Returns every run published under {@code results}, newest first. */
    List<Run> published() throws IOException {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(results)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (Files.isRegularFile(d.resolve(Run.JMH_JSON))
                        && Files.isRegularFile(d.resolve(Run.ENVIRONMENT_JSON))) {
                    runs.add(Run.load(d));
                }
            }
        }
        runs.sort(Comparator.comparing((Run r) -> String.valueOf(r.environment().date()))
                .reversed()
                .thenComparing(r -> r.dir().getFileName().toString()));
        return runs;
    }

    private String index(List<Run> runs) {
        Markdown md = new Markdown();
        md.heading(1, "Published results");
        md.paragraph("Each folder is one `full` run of the suite on one machine: its report (`README.md`) with charts,"
                + " and the raw JSON it was rendered from (`jmh.json`, `environment.json`). The numbers in every"
                + " report, in this index and in the project README come from that JSON through `sessionbench report`;"
                + " none is typed by hand. Runs on different machines compare only through their ratios; use"
                + " `report --compare A B` for two runs side by side.");
        if (runs.isEmpty()) {
            md.paragraph("No run is published yet. `java -jar bench/target/benchmarks.jar report <run folder>"
                    + " --publish` adds one.");
            return md.toString();
        }
        md.paragraph("Newest first. Headline: `lookupHit` throughput of each strategy at its headline configuration"
                + " (named in the line).");
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            Environment e = r.environment();
            String name = r.dir().getFileName().toString();
            rows.add(List.of(
                    "[" + name + "](" + name + "/README.md)",
                    e.date(),
                    e.machine(),
                    Wording.orNot(e.cpuModel()) + ", " + e.cores() + " cores",
                    Wording.orNot(e.profile()),
                    e.gitCommit() == null ? "not recorded" : code(e.gitCommit()),
                    headlineLine(r)));
        }
        md.table(List.of("Run", "Date", "Machine", "CPU", "Profile", "Commit", "Headline"), rows);
        return md.toString();
    }

    /** Returns one line of headline numbers: every strategy's lookup throughput at the run's headline config. */
    static String headlineLine(Run run) {
        String op = "lookupHit";
        if (run.of(op).isEmpty()) {
            return code(op) + " " + Units.NOT_AVAILABLE;
        }
        List<String> parts = run.subjects().stream()
                .filter(s -> "strategy".equals(Run.kind(s)))
                .map(s -> run.headlineOf(op, s).map(m -> code(s) + " " + Units.opsPerSecond(m.score())))
                .flatMap(java.util.Optional::stream)
                .toList();
        return code(op) + " (" + Wording.describe(run.headline(op).orElseThrow()) + "): "
                + (parts.isEmpty() ? Units.NOT_AVAILABLE : String.join(" · ", parts));
    }

    private void updateProjectReadme(Run latest) throws IOException {
        if (projectReadme == null) {
            return;
        }
        if (!Files.isRegularFile(projectReadme)) {
            err.println("warning: " + projectReadme + " not found; its headline table was not updated");
            return;
        }
        String text = Files.readString(projectReadme, StandardCharsets.UTF_8);
        int start = text.indexOf(START_MARKER);
        int end = text.indexOf(END_MARKER);
        if (start < 0 || end < start) {
            err.println("warning: " + projectReadme + " has no " + START_MARKER + " ... " + END_MARKER
                    + " markers; left unchanged");
            return;
        }
        String table = latest == null
                ? "No run is published yet: see [results/](" + link(results) + "/)."
                : headlineBlock(latest);
        String updated = text.substring(0, start + START_MARKER.length()) + "\n" + table + "\n" + text.substring(end);
        if (!updated.equals(text)) {
            Files.writeString(projectReadme, updated, StandardCharsets.UTF_8);
        }
    }

    private String headlineBlock(Run run) {
        Environment e = run.environment();
        String name = run.dir().getFileName().toString();
        List<String> ops = ReportRenderer.HEADLINE_OPERATIONS.stream()
                .filter(op -> !run.of(op).isEmpty())
                .toList();
        Markdown md = new Markdown();
        md.paragraph("Latest published run: [" + name + "](" + link(run.dir()) + "/README.md) ("
                + Wording.orNot(e.cpuModel()) + ", " + e.cores() + " cores, " + Wording.orNot(e.jdk())
                + ", commit " + (e.gitCommit() == null ? "not recorded" : code(e.gitCommit())) + "). All published"
                + " runs: [results/](" + link(results) + "/).");
        if (!ops.isEmpty()) {
            md.paragraph(HeadlineSection.headlineCaption(run, ops));
            md.table(HeadlineSection.headlineHeader(ops), HeadlineSection.headlineRows(run, ops));
        }
        return md.toString().strip();
    }

    /** Returns {@code target} relative to the project README's folder, with forward slashes. */
    private String link(Path target) {
        Path base = projectReadme.toAbsolutePath().normalize().getParent();
        return base.relativize(target.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Returns the project README that belongs with a results folder: {@code README.md} in its parent folder. */
    public static Path defaultProjectReadme(Path results) {
        Path parent = results.toAbsolutePath().normalize().getParent();
        return (parent == null ? results.toAbsolutePath() : parent).resolve(ReportRenderer.README);
    }
}
