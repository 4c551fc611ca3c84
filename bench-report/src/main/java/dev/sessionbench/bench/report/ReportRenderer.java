package dev.sessionbench.bench.report;

import static dev.sessionbench.bench.report.Markdown.code;
import static dev.sessionbench.bench.report.Wording.NOT_DEFINED;
import static dev.sessionbench.bench.report.Wording.orNot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Renders one run's {@code README.md} and its charts (under {@code charts/}) from the run's JSON, section by section
 * (headline, guidance, what was measured, each operation, footprint). Every number in the text is computed from
 * {@link Run}; the only typed text is the description of operations and the facts that numbers cannot show.
 */
public final class ReportRenderer {

    /** The folder of the charts, beside the report. */
    public static final String CHARTS_DIR = "charts";
    /** The report's file name. */
    public static final String README = "README.md";
    /** Operations whose headline numbers the index and the project README show, when measured. */
    public static final List<String> HEADLINE_OPERATIONS = List.of("lookupHit", "create", "accessAndSave", "mixed");

    private final Run run;
    private final Optional<Run> previous;
    private final boolean png;

    /** Returns a renderer of {@code run}; {@code png} also writes PNG copies of the charts, for looking at them. */
    public ReportRenderer(Run run, boolean png) {
        this(run, Optional.empty(), png);
    }

    /** Returns a renderer of {@code run} that also compares it with {@code previous}, the last run on its machine. */
    public ReportRenderer(Run run, Optional<Run> previous, boolean png) {
        this.run = run;
        this.previous = previous;
        this.png = png;
    }

    /** Returns the path of the README.md written into {@code outDir}, with its charts. */
    public Path render(Path outDir) throws IOException {
        Path charts = outDir.resolve(CHARTS_DIR);
        clearCharts(charts);
        Markdown md = new Markdown();
        Environment env = run.environment();
        md.heading(
                1,
                "sessionbench results: " + orNot(env.date()) + " on " + orNot(env.machine()) + " ("
                        + orNot(env.profile()) + " profile)");
        if (!run.isPublishable()) {
            md.paragraph("> **Not a published result.** This run used the " + code(orNot(env.profile()))
                    + " profile; only `full` runs are published under `results/`.");
        }
        if (!run.buildClean()) {
            md.paragraph("> **Not built from a clean commit.** The jar that made this run recorded "
                    + code(orNot(env.gitCommit())) + ": the code measured is not exactly any commit, so no one can"
                    + " rebuild it to check these numbers.");
        }
        if (Run.QUICK_PROFILE.equals(env.profile())) {
            md.paragraph(QuickSection.describe(run));
        }
        md.paragraph("This report measures where web sessions should live: in memory, in a MapDB file, in Redis, or in"
                + " a signed token the client carries. Each strategy runs through the same `SessionStore` interface and"
                + " is set beside the raw limit of its backend and the session library people use today, all measured"
                + " in this one run, so the ratios hold even where the machine's absolute speed does not. Every number"
                + " below is computed from [`jmh.json`](jmh.json) and [`environment.json`](environment.json) by"
                + " `sessionbench report`; none is typed by hand.");
        new HeadlineSection(run).render(md);
        new GuidanceSection(run).render(md);
        RunSection about = new RunSection(run);
        about.measured(md);
        about.environment(md);
        md.heading(2, "Results per operation");
        md.paragraph("Throughput is JMH's mean in operations per second with its 99.9 % confidence interval. "
                + "*vs raw limit* is the score divided by the score of the strategy's backend used directly (for"
                + " example a bare `ConcurrentHashMap` for `memory`), *vs peer* by the score of the peer library, both"
                + " at the same parameters and threads in this run. " + NOT_DEFINED + " means no reference is"
                + " defined for that subject; " + Units.NOT_AVAILABLE + " means it was not measured. Charts use a"
                + " logarithmic axis; no bar means not measured.");
        OperationsSection operations = new OperationsSection(run, png);
        for (String op : run.operations()) {
            operations.render(md, op, charts);
        }
        new LatencySection(run, png).render(md, charts);
        RoundTripSection network = new RoundTripSection(run, png);
        network.render(md, charts);
        network.cluster(md);
        FootprintSection footprint = new FootprintSection(run);
        footprint.allocation(md);
        footprint.footprint(md);
        RequestCostSection.of(run.dir(), png).render(md, charts);
        previous.ifPresent(p -> new DriftSection(run, p).render(md));
        about.reproduce(md);
        Path readme = outDir.resolve(README);
        Files.createDirectories(outDir);
        Files.writeString(readme, md.toString(), StandardCharsets.UTF_8);
        return readme;
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
