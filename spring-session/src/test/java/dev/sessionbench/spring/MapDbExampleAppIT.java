package dev.sessionbench.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/** The example application with its sessions in a MapDB file of a temporary directory. */
class MapDbExampleAppIT extends ExampleAppScenarios {

    private Path dir;

    @Override
    String storeUri() {
        try {
            dir = Files.createTempDirectory("sessionbench-spring-mapdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "mapdb:" + dir.resolve("sessions.db");
    }

    @AfterAll
    void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
