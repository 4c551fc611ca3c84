package dev.sessionbench.store.mapdb;

import static dev.sessionbench.store.mapdb.Children.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs: one killed with SIGKILL right after its calls returned, one holding the file lock. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapDbCrashTest {

    private static final int SAVES_BEFORE_KILL = 150;

    @TempDir
    Path dir;

    @Test
    void everyReturnedSaveRotationAndInvalidationSurvivesKillDashNine() throws Exception {
        Path file = dir.resolve("crash.db");
        Map<String, String> saved = new LinkedHashMap<>(); // value -> n
        Set<String> gone = new LinkedHashSet<>();
        for (int round = 0; round < 3; round++) {
            Process child = Children.start(CrashChild.class, file.toString());
            Set<String> uncertain = new LinkedHashSet<>(); // a call started that may or may not have happened
            int saves = 0;
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                // After the kill the loop drains what the child wrote before it died, so every call it started is
                // known; a call whose line is missing had not started, or its session is unknown to the test.
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ");
                    switch (f[0]) {
                        case "saved" -> {
                            saved.put(f[1], f[2]);
                            saves++;
                        }
                        case "rotating", "invalidating" -> uncertain.add(f[1]);
                        case "rotated" -> {
                            uncertain.remove(f[1]);
                            saved.put(f[2], saved.remove(f[1]));
                            gone.add(f[1]);
                        }
                        case "invalidated" -> {
                            uncertain.remove(f[1]);
                            saved.remove(f[1]);
                            gone.add(f[1]);
                        }
                        default -> {}
                    }
                    if (saves == SAVES_BEFORE_KILL && child.isAlive()) {
                        // SIGKILL on Linux: no shutdown hook, no close. Through the ProcessHandle, because
                        // Process.destroyForcibly also closes our end of the pipe, and the rest must be drained.
                        child.toHandle().destroyForcibly();
                    }
                }
            }
            saved.keySet().removeAll(uncertain);
            gone.removeAll(uncertain);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
            assertThat(saves).isGreaterThanOrEqualTo(SAVES_BEFORE_KILL);

            try (MapDbSessionStore store = open(file)) {
                for (Map.Entry<String, String> e : saved.entrySet()) {
                    assertThat(store.find(e.getKey()))
                            .as("returned save " + e.getValue() + " in round " + round)
                            .hasValueSatisfying(
                                    s -> assertThat(s.attribute("n")).contains(e.getValue()));
                }
                for (String value : gone) {
                    assertThat(store.find(value))
                            .as("rotated or invalidated before the kill")
                            .isEmpty();
                }
            }
        }
        assertThat(saved).hasSizeGreaterThan(3 * SAVES_BEFORE_KILL / 2);
    }

    @Test
    void fileOpenInAnotherProcessFailsFastNamingTheFile() throws Exception {
        Path file = dir.resolve("held.db");
        Process child = Children.start(HoldChild.class, file.toString());
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).startsWith("open ");
            long start = System.nanoTime();
            assertThatThrownBy(() -> open(file))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("already open");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            child.getOutputStream().close(); // the child closes its store and exits
            assertThat(in.readLine()).isEqualTo("closed");
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (MapDbSessionStore store = open(file)) {
            assertThat(store.find(store.save(store.create().setAttribute("a", "b"))))
                    .isPresent();
        }
    }
}
