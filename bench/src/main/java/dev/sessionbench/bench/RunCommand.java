package dev.sessionbench.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs a profile of the suite and renders its report. (Being built: issue 7.) */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs the benchmark suite.")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("the run command is being built (issue 7)");
    }
}
