package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The POSIX permissions of every file the store makes, and what it does with a file others can read. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapDbFilePermissionsTest {

    private static final String OWNER_ONLY = "rw-------";

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "file permissions are POSIX permissions; this file system has none");
    }

    private MapDbSessionStore.Builder builder(Path file) {
        return MapDbSessionStore.builder()
                .file(file)
                .policy(SessionPolicy.defaults())
                .purgeInterval(Duration.ZERO);
    }

    /** Returns the permissions of every file in the directory, by name. */
    private Map<String, String> modes() throws IOException {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                modes.put(p.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return modes;
    }

    private void setMode(Path file, String mode) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    @Test
    @SuppressWarnings("try") // the stores are opened for what opening does to the files
    void everyFileTheStoreWritesIsOwnerOnlyThroughCreationCommitsCompactionAndACrash() throws Exception {
        Path file = dir.resolve("perm.db");
        Path journal = JournaledVolume.journalPathOf(file);
        try (MapDbSessionStore store = builder(file)
                .durability(MapDbSessionStore.Durability.BATCHED)
                .commitInterval(Duration.ofHours(1))
                .build()) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                sessions.add(store.find(store.save(store.create().setAttribute("card", "4111 1111 1111 " + i)))
                        .orElseThrow());
            }
            store.flush();
            assertThat(modes())
                    .as("after commits")
                    .containsOnlyKeys("perm.db", "perm.db.journal")
                    .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(OWNER_ONLY));
            sessions.forEach(store::invalidate);
            store.compact();
            assertThat(modes())
                    .as("after compaction: MapDB compacts in memory, so no other file")
                    .containsOnlyKeys("perm.db", "perm.db.journal")
                    .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(OWNER_ONLY));
        }
        MapDbSessionStore crashed = builder(file).build();
        crashed.save(crashed.create().setAttribute("a", "b"));
        crashed.volumeForTest().failAfterJournalForTest = true;
        assertThatThrownBy(() -> crashed.save(crashed.create())).isInstanceOf(SessionStoreException.class);
        crashed.abandonForTest();
        assertThat(journal).as("left by the simulated crash").exists();
        assertThat(modes()).allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(OWNER_ONLY));
        try (MapDbSessionStore reopened = builder(file).build()) {
            assertThat(modes())
                    .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(OWNER_ONLY));
        }
    }

    @Test
    @SuppressWarnings("try") // the stores are opened for what opening does to the files
    void mainFileOthersCanReadIsRefusedNamingTheOptionThatTightensIt() throws Exception {
        Path file = dir.resolve("loose.db");
        try (MapDbSessionStore store = builder(file).build()) {
            store.save(store.create().setAttribute("a", "b"));
        }
        setMode(file, "rw-r--r--");
        assertThatThrownBy(() -> builder(file).build())
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("tightenPermissions=true")
                .hasMessageContaining("chmod 600");
        assertThat(modes())
                .as("a refused file is left as it was, and no journal made")
                .containsExactly(Map.entry("loose.db", "rw-r--r--"));

        setMode(file, "rw-rw----");
        List<LogRecord> warnings = captureWarnings(() -> {
            try (MapDbSessionStore store =
                    builder(file).tightenPermissions(true).build()) {
                assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString(OWNER_ONLY));
            }
        });
        assertThat(warnings)
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage())
                        .contains(file.toString())
                        .contains("rw-rw----")
                        .contains("owner-only"));

        setMode(file, "rw----r--");
        try (SessionStore s = SessionStores.open(
                "mapdb:" + file + "?tightenPermissions=true&purgeInterval=0", SessionPolicy.defaults())) {
            assertThat(modes())
                    .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(OWNER_ONLY));
        }
    }

    @Test
    void journalOthersCanReadIsMadeOwnerOnlyOnOpenWithAWarning() throws Exception {
        Path file = dir.resolve("journal.db");
        Path journal = JournaledVolume.journalPathOf(file);
        MapDbSessionStore crashed = builder(file).build();
        String value = crashed.save(crashed.create().setAttribute("a", "b"));
        crashed.abandonForTest();
        setMode(journal, "rw-r--r--");
        List<LogRecord> warnings = captureWarnings(() -> {
            try (MapDbSessionStore store = builder(file).build()) {
                assertThat(store.find(value)).isPresent();
                assertThat(modes())
                        .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(OWNER_ONLY));
            }
        });
        assertThat(warnings)
                .singleElement()
                .satisfies(r ->
                        assertThat(r.getMessage()).contains(journal.toString()).contains("rw-r--r--"));
    }

    @Test
    void uriOptionTightenPermissionsIsCheckedAndNamedInTheHelp() {
        String base = "mapdb:" + dir.resolve("opt.db") + "?tightenPermissions=";
        assertThatThrownBy(() -> SessionStores.open(base + "perhaps", SessionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tightenPermissions");
        assertThatThrownBy(() ->
                        SessionStores.open("mapdb:" + dir.resolve("opt.db") + "?nosuch=1", SessionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tightenPermissions");
    }

    /** Runs the action and returns the warnings the store logged meanwhile (through java.util.logging). */
    private static List<LogRecord> captureWarnings(ThrowingRunnable action) throws Exception {
        Logger logger = Logger.getLogger(MapDbSessionStore.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (records) {
                        records.add(r);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return records;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
