package dev.sessionbench.bench;

import dev.sessionbench.bench.http.RequestCostCommand;
import dev.sessionbench.bench.latency.LatencyCommand;
import dev.sessionbench.bench.report.ReportCommand;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code benchmarks.jar}: {@code run}, {@code report}, {@code latency} and {@code request-cost} are the suite's own
 * commands; any other arguments go to JMH's own command line unchanged ({@code -l}, {@code -p}, {@code -t},
 * {@code -rf json}, {@code -prof gc}, a benchmark regex...).
 */
@Command(
        name = "sessionbench",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = "Measures where web sessions should live.",
        subcommands = {RunCommand.class, ReportCommand.class, LatencyCommand.class, RequestCostCommand.class})
public final class Cli {

    private static final Set<String> OWN_COMMANDS =
            Set.of("run", "report", "latency", "request-cost", "help", "-h", "--help", "-V", "--version");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && OWN_COMMANDS.contains(args[0])) {
            System.exit(new CommandLine(new Cli()).execute(args));
        }
        org.openjdk.jmh.Main.main(args);
    }

    /** Returns the version of this build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"sessionbench " + (v == null ? "development build" : v)};
        }
    }
}
