package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the MapDB store promises beyond the contract: durability, expiry index, locking, damaged files, churn. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapDbSessionStoreFileTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(12);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final SessionPolicy policy = SessionPolicy.defaults()
            .withIdleTimeout(IDLE)
            .withAbsoluteTimeout(ABSOLUTE)
            .withClock(clock);

    private MapDbSessionStore.Builder builder(Path file) {
        return MapDbSessionStore.builder().file(file).policy(policy).purgeInterval(Duration.ZERO);
    }

    /** A batched store that commits only when told: for tests that fill a file fast. */
    private MapDbSessionStore bulk(Path file) {
        return builder(file)
                .durability(MapDbSessionStore.Durability.BATCHED)
                .commitInterval(Duration.ofHours(1))
                .build();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    // ---- durability ------------------------------------------------------------------------------------------

    @Test
    void saveIsInTheFileWhenItReturnsInTheDefaultMode() throws Exception {
        Path file = dir.resolve("sync.db");
        try (MapDbSessionStore store = builder(file).build()) {
            assertThat(store.durability()).isEqualTo(MapDbSessionStore.Durability.SYNC);
            String value = store.save(store.create().setAttribute("user", "alice"));
            // A copy of the file taken now, while the store is open, already holds the session.
            Path copy = dir.resolve("copy.db");
            Files.copy(file, copy);
            try (MapDbSessionStore reader = builder(copy).build()) {
                assertThat(reader.find(value).flatMap(s -> s.attribute("user"))).contains("alice");
            }
        }
    }

    @Test
    void batchedModeCommitsAtItsIntervalOrOnFlush() throws Exception {
        Path file = dir.resolve("batched.db");
        try (MapDbSessionStore store = bulk(file)) {
            String value = store.save(store.create().setAttribute("user", "bob"));
            Path before = dir.resolve("before.db");
            Files.copy(file, before);
            try (MapDbSessionStore reader = builder(before).build()) {
                assertThat(reader.find(value))
                        .as("not committed before the interval")
                        .isEmpty();
            }
            store.flush();
            Path after = dir.resolve("after.db");
            Files.copy(file, after);
            try (MapDbSessionStore reader = builder(after).build()) {
                assertThat(reader.find(value)).as("committed by flush").isPresent();
            }
        }
    }

    @Test
    void batchedModeCommitsWithinItsIntervalWithoutFlush() throws Exception {
        Path file = dir.resolve("interval.db");
        try (MapDbSessionStore store = builder(file)
                .durability(MapDbSessionStore.Durability.BATCHED)
                .commitInterval(Duration.ofMillis(50))
                .build()) {
            String value = store.save(store.create().setAttribute("user", "carol"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                Thread.sleep(50); // real time is the point here: the committer thread's interval
                Path copy = dir.resolve("copy-" + System.nanoTime() + ".db");
                Files.copy(file, copy);
                try (MapDbSessionStore reader = builder(copy).build()) {
                    seen = reader.find(value).isPresent();
                }
            }
            assertThat(seen).as("committed by the background thread").isTrue();
        }
    }

    @Test
    void commitInterruptedAfterItsJournalIsReplayedOnOpen() {
        Path file = dir.resolve("journal.db");
        MapDbSessionStore store = builder(file).build();
        String first = store.save(store.create().setAttribute("n", "1"));
        Session second = saveFailingAfterJournal(store, file);
        assertThat(store.find(first)).as("reads go on after a failed commit").isPresent();
        store.abandonForTest(); // like a kill: the journal holds the batch, the main file does not
        assertThat(JournaledVolume.journalPathOf(file)).exists();
        try (MapDbSessionStore reopened = builder(file).build()) {
            assertThat(reopened.find(first)).isPresent();
            assertThat(reopened.find(second.id()).flatMap(s -> s.attribute("n")))
                    .contains("2");
        }
        assertThat(JournaledVolume.journalPathOf(file)).doesNotExist();
    }

    @Test
    void afterAFailureInsideACallNothingMoreIsCommittedAndReopeningGoesBackToTheLastCommit() {
        Path file = dir.resolve("broken.db");
        MapDbSessionStore store = builder(file).build();
        String first = store.save(store.create().setAttribute("n", "1"));
        saveFailingAfterJournal(store, file);
        store.close();
        try (MapDbSessionStore reopened = builder(file).build()) {
            assertThat(reopened.find(first)).isPresent();
        }
    }

    /**
     * Returns the session of a save whose commit failed once its journal was written, after checking that the failure
     * names the file and that the store then refuses every write.
     */
    private static Session saveFailingAfterJournal(MapDbSessionStore store, Path file) {
        store.volumeForTest().failAfterJournalForTest = true;
        Session session = store.create().setAttribute("n", "2");
        assertThatThrownBy(() -> store.save(session))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(file.getFileName().toString());
        assertThatThrownBy(() -> store.save(store.create()))
                .as("no write after a failed commit")
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("failed state after a write error");
        return session;
    }

    @Test
    void incompleteJournalIsDiscardedAndTheLastCommitKept() throws Exception {
        Path file = dir.resolve("torn.db");
        String value;
        try (MapDbSessionStore store = builder(file).build()) {
            value = store.save(store.create().setAttribute("n", "1"));
        }
        String before = sha256(file);
        // A journal cut off in the middle of a sync: its commit never returned, so it must not be applied.
        byte[] torn = new byte[5000];
        java.nio.ByteBuffer.wrap(torn)
                .putLong(0x53424A524E4C3031L)
                .putLong(1 << 20)
                .putLong(Long.MAX_VALUE)
                .putInt(3);
        Files.write(JournaledVolume.journalPathOf(file), torn);
        try (MapDbSessionStore store = builder(file).build()) {
            assertThat(store.find(value)).isPresent();
        }
        assertThat(JournaledVolume.journalPathOf(file)).doesNotExist();
        assertThat(sha256(file)).isEqualTo(before);
    }

    @Test
    void findSlideIsKeptAcrossAReopen() {
        Path file = dir.resolve("slide.db");
        String value;
        try (MapDbSessionStore store = builder(file).build()) {
            value = store.save(store.create().setAttribute("a", "b"));
            clock.advance(Duration.ofMinutes(20));
            assertThat(store.find(value)).isPresent();
        }
        clock.advance(Duration.ofMinutes(20)); // 40 minutes after the save, 20 after the find
        try (MapDbSessionStore store = builder(file).build()) {
            assertThat(store.find(value)).isPresent();
        }
    }

    @Test
    void aFindSlidesOnlyOnceTheLastAccessIsAShareOfTheIdleTimeoutOld() {
        Path file = dir.resolve("grain.db");
        Duration step = IDLE.dividedBy(MapDbSessionStore.SLIDE_SHARE); // 28.125 s of 30 minutes
        try (MapDbSessionStore store = builder(file).build()) {
            String value = store.save(store.create().setAttribute("a", "b"));
            Instant saved = clock.instant();
            clock.advance(step.minusMillis(1));
            assertThat(store.find(value).map(Session::lastAccessedAt))
                    .as("within a step of the save: the deadline still counts from the save")
                    .contains(saved);
            clock.advance(step.minusMillis(1));
            Instant slid = clock.instant();
            assertThat(store.find(value).map(Session::lastAccessedAt))
                    .as("a step after the save: the find slides")
                    .contains(slid);
            clock.advance(Duration.ofSeconds(1));
            assertThat(store.find(value).map(Session::lastAccessedAt)).contains(slid);
            // the idle deadline counts from the last slide, not from the finds after it
            clock.set(slid.plus(IDLE).minusMillis(1));
            assertThat(store.find(value)).isPresent();
        }
        try (MapDbSessionStore store = builder(file).build()) {
            String value = store.save(store.create());
            Instant saved = clock.instant();
            clock.advance(step.minusMillis(1));
            assertThat(store.find(value)).isPresent(); // within the step: nothing moves
            store.flush();
            clock.set(saved.plus(IDLE));
            assertThat(store.find(value))
                    .as("a session whose only find came within a step of its save ends at the save's deadline")
                    .isEmpty();
        }
    }

    // ---- expiry ----------------------------------------------------------------------------------------------

    @Test
    void expiredSessionsStayExpiredAfterReopenAndAPurgeStillFindsThem() {
        Path file = dir.resolve("expiry.db");
        List<String> values = new ArrayList<>();
        String live;
        try (MapDbSessionStore store = builder(file).build()) {
            for (int i = 0; i < 5; i++) {
                values.add(store.save(store.create().setAttribute("n", "" + i)));
            }
            clock.advance(Duration.ofMinutes(20));
            live = store.save(store.create().setAttribute("n", "live"));
        }
        clock.advance(Duration.ofMinutes(15));
        try (MapDbSessionStore store = builder(file).build()) {
            for (String v : values) {
                assertThat(store.find(v)).isEmpty();
            }
            assertThat(store.purgeExpired()).isEqualTo(5);
            assertThat(store.find(live)).isPresent();
        }
        try (MapDbSessionStore store = builder(file).build()) {
            assertThat(store.purgeExpired()).isZero();
            for (String v : values) {
                assertThat(store.holds(v)).isFalse();
            }
        }
    }

    @Test
    void purgeExaminesOnlyTheExpiredAmongTwentyThousandLive() {
        Path file = dir.resolve("purge.db");
        try (MapDbSessionStore store = bulk(file)) {
            List<String> expired = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                expired.add(store.save(store.create().setAttribute("n", "old" + i)));
            }
            clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < 20_000; i++) {
                store.save(store.create().setAttribute("n", "live" + i));
            }
            store.flush();
            clock.advance(Duration.ofMinutes(15));
            long examinedBefore = store.purgeExamined.get();
            assertThat(store.purgeExpired()).isEqualTo(500);
            assertThat(store.purgeExamined.get() - examinedBefore)
                    .as("index entries examined")
                    .isEqualTo(500);
            assertThat(store.purgeExpired()).isZero();
            assertThat(store.purgeExamined.get() - examinedBefore)
                    .as("a purge with nothing due")
                    .isEqualTo(500);
            for (String v : expired) {
                assertThat(store.holds(v)).isFalse();
            }
        }
    }

    @Test
    void purgeReschedulesSessionsWhoseIdleDeadlineSlid() {
        try (MapDbSessionStore store = builder(dir.resolve("slid.db")).build()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(store.save(store.create().setAttribute("n", "" + i)));
            }
            clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < 50; i++) {
                assertThat(store.find(values.get(i))).isPresent(); // slides to START + 50 min
            }
            clock.advance(Duration.ofMinutes(11)); // START + 31 min
            long examined = store.purgeExamined.get();
            assertThat(store.purgeExpired()).as("the 50 never found").isEqualTo(50);
            assertThat(store.purgeExamined.get() - examined)
                    .as("50 removed, 50 put back")
                    .isEqualTo(100);
            for (int i = 0; i < 50; i++) {
                assertThat(store.find(values.get(i))).isPresent(); // slides again, to START + 61 min
            }
            clock.advance(Duration.ofMinutes(30)); // START + 61 min
            assertThat(store.purgeExpired()).isEqualTo(50);
            for (String v : values) {
                assertThat(store.holds(v)).isFalse();
            }
        }
    }

    @Test
    void backgroundPurgeRemovesExpiredSessionsAndStopsOnClose() throws Exception {
        MapDbSessionStore store = builder(dir.resolve("background.db"))
                .purgeInterval(Duration.ofMillis(20))
                .build();
        String value = store.save(store.create().setAttribute("a", "b"));
        Session s = store.find(value).orElseThrow();
        clock.advance(IDLE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.holds(s.id()) && System.nanoTime() < deadline) {
            Thread.sleep(10); // real time is the point: the purge thread's schedule
        }
        assertThat(store.holds(s.id())).as("purged by the background thread").isFalse();
        store.close();
        String threadName = "mapdb-session-store background.db";
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threadAlive(threadName) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(threadAlive(threadName)).as("purge thread stopped by close").isFalse();
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void reopeningWithAShorterIdleTimeoutReindexesDeadlines() {
        Path file = dir.resolve("policy.db");
        try (MapDbSessionStore store = builder(file).build()) {
            store.save(store.create().setAttribute("a", "b"));
        }
        SessionPolicy shorter = policy.withIdleTimeout(Duration.ofMinutes(5));
        try (MapDbSessionStore store = builder(file).policy(shorter).build()) {
            clock.advance(Duration.ofMinutes(6));
            assertThat(store.purgeExpired()).isEqualTo(1);
        }
    }

    // ---- the file --------------------------------------------------------------------------------------------

    @Test
    void fileHoldsNoRawSessionIdOnlyItsHash() throws Exception {
        Path file = dir.resolve("hash.db");
        String id;
        try (MapDbSessionStore store = builder(file).build()) {
            Session s = store.create().setAttribute("a", "b");
            id = store.save(s);
            store.changeId(store.find(id).orElseThrow());
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(indexOf(bytes, id.getBytes(StandardCharsets.US_ASCII)))
                .as("raw ID in the file")
                .isEqualTo(-1);
        assertThat(indexOf(bytes, "\"b\"".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        try (MapDbSessionStore store = builder(file).build()) {
            String other = store.save(store.create().setAttribute("k", "v"));
            store.flush();
            assertThat(indexOf(Files.readAllBytes(file), SessionIds.digest(other)))
                    .as("hash in the file")
                    .isNotEqualTo(-1);
            assertThat(indexOf(Files.readAllBytes(file), other.getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo(-1);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void fileAlreadyOpenInThisProcessFailsFastNamingTheFile() {
        Path file = dir.resolve("twice.db");
        try (MapDbSessionStore first = builder(file).build()) {
            String value = first.save(first.create().setAttribute("a", "b"));
            assertThatThrownBy(() -> builder(file).build())
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("already open");
            assertThat(first.find(value)).as("the first store keeps working").isPresent();
        }
        try (MapDbSessionStore again = builder(file).build()) {
            assertThat(again.file()).isEqualTo(file.toAbsolutePath());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "truncated to half",
                "truncated to 100 bytes",
                "emptied",
                "header garbled",
                "body garbled",
                "not a MapDB file"
            })
    void damagedFileFailsNamingItAndIsLeftByteForByteUntouched(String damage) throws Exception {
        Path good = dir.resolve("good.db");
        try (MapDbSessionStore store = bulk(good)) {
            for (int i = 0; i < 2_000; i++) {
                store.save(store.create().setAttribute("n", "value " + i));
            }
        }
        Path file = dir.resolve("damaged.db");
        Files.copy(good, file);
        damage(file, damage);
        String before = sha256(file);
        long sizeBefore = Files.size(file);
        assertThatThrownBy(() -> builder(file).build())
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
        assertThat(sha256(file)).as("file bytes after the failed open").isEqualTo(before);
        assertThat(Files.size(file)).isEqualTo(sizeBefore);
        assertThat(JournaledVolume.journalPathOf(file)).doesNotExist();
        // A second attempt fails the same way: nothing was "repaired" into an empty store.
        assertThatThrownBy(() -> builder(file).build()).isInstanceOf(SessionStoreException.class);
        assertThat(sha256(file)).isEqualTo(before);
    }

    private static void damage(Path file, String how) throws IOException {
        long size = Files.size(file);
        switch (how) {
            case "truncated to half" -> truncate(file, size / 2);
            case "truncated to 100 bytes" -> truncate(file, 100);
            case "emptied" -> truncate(file, 0);
            case "header garbled" -> xor(file, 0, 48);
            case "body garbled" -> xor(file, 4096, size);
            case "not a MapDB file" -> Files.writeString(file, "hello, I am a text file\n".repeat(100));
            default -> throw new IllegalArgumentException(how);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private static void xor(Path file, long from, long to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (long i = from; i < to; i++) {
            bytes[(int) i] ^= 0x5A;
        }
        Files.write(file, bytes);
    }

    /** 100,000 in the default build; {@code -Dchurn.sessions=1000000} runs the full million by hand. */
    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void fileDoesNotGrowUnderChurnOfCreateAndInvalidate() {
        churn(dir.resolve("churn.db"), Integer.getInteger("churn.sessions", 100_000), 0);
    }

    @Test
    void fileDoesNotGrowUnderChurnWithAHundredSessionsLive() {
        churn(dir.resolve("churn-live.db"), 50_000, 100);
    }

    /**
     * Creates {@code sessions} sessions and invalidates each once {@code live} newer ones exist; checks that the file
     * stays bounded and returns the largest size seen.
     */
    long churn(Path file, int sessions, int live) {
        long largest = 0;
        long start = System.nanoTime();
        List<String> alive = new ArrayList<>();
        try (MapDbSessionStore store = builder(file)
                .durability(MapDbSessionStore.Durability.BATCHED)
                .compactFreeBytes(MapDbSessionStore.DEFAULT_COMPACT_FREE_BYTES)
                .build()) {
            for (int i = 1; i <= sessions; i++) {
                clock.advance(Duration.ofMillis(1)); // deadlines grow with time, as they do in production
                Session s = store.create().setAttribute("user", "user-" + i).setAttribute("cart", "x".repeat(200));
                alive.add(store.save(s));
                if (alive.size() > live) {
                    store.invalidate(store.find(alive.remove(0)).orElseThrow());
                }
                if (i % (sessions / 10) == 0) {
                    largest = Math.max(largest, store.fileSize());
                    System.out.printf(
                            "churn: %,d sessions created, file %,d bytes, %,d free%n",
                            i, store.fileSize(), store.freeBytes());
                }
            }
            store.flush();
            largest = Math.max(largest, store.fileSize());
            long compacted = store.compact();
            System.out.printf(
                    "churn: %,d sessions (%d live) in %,d ms; largest file %,d bytes; %,d bytes after " + "compact()%n",
                    sessions, live, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), largest, compacted);
            assertThat(largest).as("largest file size during the churn").isLessThan(40L << 20);
            assertThat(compacted).isLessThanOrEqualTo(2L << 20);
        }
        try (MapDbSessionStore store = builder(file).build()) { // verifies every record on open
            for (String value : alive) {
                assertThat(store.find(value)).isPresent();
            }
        }
        return largest;
    }

    // ---- concurrency -----------------------------------------------------------------------------------------

    @Test
    void concurrentSavesOfDifferentAttributesFromManyThreadsAllSurvive() throws Exception {
        try (MapDbSessionStore store = builder(dir.resolve("threads.db")).build()) {
            String value = store.save(store.create().setAttribute("base", "0"));
            int threads = 8;
            List<Session> copies = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                copies.add(store.find(value).orElseThrow().setAttribute("t" + t, "v" + t));
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<String>> saves = new ArrayList<>();
                for (Session copy : copies) {
                    saves.add(pool.submit(() -> {
                        go.await();
                        return store.save(copy);
                    }));
                }
                go.countDown();
                for (Future<String> f : saves) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, String> attributes = store.find(value).orElseThrow().attributes();
            assertThat(attributes).containsEntry("base", "0").hasSize(threads + 1);
            for (int t = 0; t < threads; t++) {
                assertThat(attributes).containsEntry("t" + t, "v" + t);
            }
        }
    }

    // ---- URI -------------------------------------------------------------------------------------------------

    @Test
    void uriOptionsAreParsed() {
        Path file = dir.resolve("uri.db");
        try (SessionStore s = SessionStores.open(
                "mapdb:" + file + "?durability=batched&commitInterval=250ms"
                        + "&purgeInterval=0&cacheMiB=8&verify=false",
                policy)) {
            MapDbSessionStore store = (MapDbSessionStore) s;
            assertThat(store.durability()).isEqualTo(MapDbSessionStore.Durability.BATCHED);
            assertThat(store.toString()).contains("PT0.25S");
        }
        try (SessionStore s = SessionStores.open("mapdb://" + file, policy)) {
            assertThat(((MapDbSessionStore) s).durability()).isEqualTo(MapDbSessionStore.Durability.SYNC);
        }
    }

    @Test
    void badUriOptionsAreRefusedSayingWhatIsAllowed() {
        String base = "mapdb:" + dir.resolve("bad.db");
        assertRefused(
                base + "?nosuch=1",
                e -> assertThat(e)
                        .hasMessageContaining("nosuch")
                        .hasMessageContaining("durability")
                        .hasMessageContaining("commitInterval"));
        assertRefused(
                base + "?durability=sometimes",
                e -> assertThat(e).hasMessageContaining("sync").hasMessageContaining("batched"));
        assertRefused(base + "?commitInterval=0ms", e -> assertThat(e).hasMessageContaining("commitInterval"));
        assertRefused(base + "?commitInterval=2h", e -> assertThat(e).hasMessageContaining("1 hour"));
        assertRefused(base + "?purgeInterval=-1s", e -> assertThat(e).hasMessageContaining("purgeInterval"));
        assertRefused(base + "?cacheMiB=0", e -> assertThat(e).hasMessageContaining("cacheMiB"));
        assertRefused(base + "?verify=maybe", e -> assertThat(e).hasMessageContaining("true or false"));
        assertRefused("mapdb:", e -> assertThat(e).hasMessageContaining("mapdb:/path/to/file.db"));
        assertThat(dir.resolve("bad.db")).doesNotExist();
    }

    private void assertRefused(String uri, Consumer<Throwable> check) {
        assertThatThrownBy(() -> SessionStores.open(uri, policy).close())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(check::accept);
    }

    @Test
    void missingDirectoryFailsNamingIt() {
        Path file = dir.resolve("no/such/dir/x.db");
        assertThatThrownBy(() -> builder(file).build())
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(file.toAbsolutePath().getParent().toString());
    }
}
