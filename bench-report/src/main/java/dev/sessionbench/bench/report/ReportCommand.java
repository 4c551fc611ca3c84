package dev.sessionbench.bench.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Renders a run's report from its {@code jmh.json} and {@code environment.json}, publishes it under {@code results/},
 * or compares two runs. Publishing refuses a {@code quick} run unless {@code --allow-quick} is given, and a run
 * whose jar was not built from a clean commit unless {@code --allow-dirty} is given.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Renders a benchmark report (README.md and SVG charts) from a run's JSON.",
            "  report RUN_DIR                renders RUN_DIR/README.md",
            "  report RUN_DIR --publish      publishes it as results/<date>-<machine>/",
            "                                and updates the index and the project README",
            "  report --compare RUN_A RUN_B  renders two runs side by side",
            "  report --reindex              regenerates the index and the project README"
        })
public final class ReportCommand implements Callable<Integer> {

    /** Where published runs go unless {@code --results} says otherwise. */
    public static final String DEFAULT_RESULTS = "results";

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "RUN_DIR",
            arity = "0..2",
            description = "A run folder holding jmh.json and environment.json (two with --compare).")
    List<Path> runs = List.of();

    @Option(names = "--publish", description = "Publish the run under the results folder.")
    boolean publish;

    @Option(
            names = "--results",
            paramLabel = "DIR",
            description = "The results folder (default: ${DEFAULT-VALUE}).",
            defaultValue = DEFAULT_RESULTS)
    Path results;

    @Option(
            names = "--readme",
            paramLabel = "FILE",
            description = "The project README whose headline table is updated (default: README.md beside the results"
                    + " folder).")
    Path readme;

    @Option(names = "--allow-quick", description = "Publish a run that is not a full profile run.")
    boolean allowQuick;

    @Option(
            names = "--allow-dirty",
            description = "Publish a run whose jar was not built from a clean commit; its report says so.")
    boolean allowDirty;

    @Option(names = "--reindex", description = "Only regenerate the results index and the project README table.")
    boolean reindex;

    @Option(names = "--compare", description = "Compare two runs: RUN_A RUN_B.")
    boolean compare;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where --compare writes its report (default: compare-<A>-vs-<B> in the current folder).")
    Path out;

    @Option(names = "--png", description = "Also write PNG copies of the charts, to look at (not referenced).")
    boolean png;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            if (compare) {
                if (runs.size() != 2 || publish || reindex) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--compare takes exactly two run folders (RUN_A RUN_B) and no --publish or --reindex");
                }
                Path target = out != null ? out : Path.of("compare-" + name(runs.get(0)) + "-vs-" + name(runs.get(1)));
                Path written = new CompareRenderer(Run.load(runs.get(0)), Run.load(runs.get(1)), png).render(target);
                stdout.println("wrote " + written);
                return 0;
            }
            Publisher publisher = new Publisher(
                    results, readme != null ? readme : Publisher.defaultProjectReadme(results), png, stderr);
            if (reindex) {
                if (!runs.isEmpty() || publish) {
                    throw new ParameterException(spec.commandLine(), "--reindex takes no run folder and no --publish");
                }
                publisher.reindex();
                stdout.println("wrote " + results.resolve(ReportRenderer.README));
                return 0;
            }
            if (runs.size() != 1) {
                throw new ParameterException(
                        spec.commandLine(), "expected one run folder (or --compare RUN_A RUN_B), got " + runs.size());
            }
            if ((allowQuick || allowDirty) && !publish) {
                throw new ParameterException(
                        spec.commandLine(), "--allow-quick and --allow-dirty only apply with --publish");
            }
            if (publish) {
                Path target = publisher.publish(runs.get(0), allowQuick, allowDirty);
                stdout.println("published " + target.resolve(ReportRenderer.README) + " and updated "
                        + results.resolve(ReportRenderer.README));
                return 0;
            }
            Run run = Run.load(runs.get(0));
            stdout.println("wrote " + new ReportRenderer(run, png).render(runs.get(0)));
            return 0;
        } catch (IllegalArgumentException e) {
            stderr.println("report: " + e.getMessage());
            return 2;
        }
    }

    private static String name(Path dir) {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? "run" : f.toString();
    }
}
