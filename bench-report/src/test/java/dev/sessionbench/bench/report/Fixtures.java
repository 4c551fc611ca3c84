package dev.sessionbench.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Copies the recorded runs under {@code src/test/resources/report/} into a test's own folder, and renders runs. */
final class Fixtures {

    private Fixtures() {}

    /** Returns a copy of the recorded run {@code name} ("run-a", "run-b") at {@code target}. */
    static Path copy(String name, Path target) throws IOException {
        Path source;
        try {
            source = Path.of(Fixtures.class.getResource("/report/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /** Renders the report of {@code run} into its folder, without PNG charts, and returns the README's text. */
    static String render(Path run) throws IOException {
        return Files.readString(new ReportRenderer(Run.load(run), false).render(run));
    }

    /** Rewrites one field of environment.json in a copied run. */
    static void environment(Path run, String field, String value) throws IOException {
        Path f = run.resolve(Run.ENVIRONMENT_JSON);
        ObjectNode env = (ObjectNode) Run.mapper().readTree(f.toFile());
        env.put(field, value);
        Run.mapper().writeValue(f.toFile(), env);
    }

    /** Applies {@code change} to the primary metric of each result of {@code benchmarkSuffix} and {@code subject}. */
    static void editResults(Path run, String benchmarkSuffix, String subject, Consumer<ObjectNode> change)
            throws IOException {
        Path f = run.resolve(Run.JMH_JSON);
        ArrayNode results = (ArrayNode) Run.mapper().readTree(f.toFile());
        for (JsonNode r : results) {
            if (r.get("benchmark").asText().endsWith(benchmarkSuffix)
                    && r.get("params").get("subject").asText().equals(subject)) {
                change.accept((ObjectNode) r.get("primaryMetric"));
            }
        }
        try {
            Run.mapper().writeValue(f.toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
