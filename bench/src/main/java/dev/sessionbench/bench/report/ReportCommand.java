package dev.sessionbench.bench.report;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Renders a run's report. (Being built: issue 8.) */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Renders a benchmark report.")
public final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("the report command is being built (issue 8)");
    }
}
