package dev.sessionbench.bench;

import dev.sessionbench.bench.adapter.Adapter;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionPolicy;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Footprint per live session, measured outside JMH: heap bytes of the in-heap subjects (full GCs and the heap in
 * use before and after {@value #HEAP_SESSIONS} sessions), file bytes of MapDB, Redis memory ({@code used_memory}
 * delta, and the sum of {@code MEMORY USAGE} over a subject's keys), and token and cookie bytes; at both payloads.
 * Also Redis's own expiry rate, which is not a purge call and so has no JMH row.
 */
public final class Footprint {

    static final int HEAP_SESSIONS = 50_000;
    static final int FILE_SESSIONS = 20_000;
    static final int REDIS_SESSIONS = 20_000;
    /** The cookie name the token store counts in its budget, and every cookie here is named. */
    static final String COOKIE = "SESSION=";

    private final Consumer<String> log;
    private final Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    Footprint(Consumer<String> log) {
        this.log = log;
    }

    /** Returns subject label to "metric.payload" to bytes for every subject that holds or carries sessions. */
    Map<String, Map<String, Double>> measure() {
        for (Payload payload : Payload.values()) {
            heap(Subject.MEMORY, payload);
            heap(Subject.SPRING_MAP, payload);
            file(Subject.MAPDB, payload);
            file(Subject.MAPDB_BATCHED, payload);
            redis(Subject.REDIS, payload);
            redis(Subject.SPRING_REDIS, payload);
            token(Subject.TOKEN, payload);
            token(Subject.TOKEN_REVOCABLE, payload);
            for (Subject s : List.of(Subject.MEMORY, Subject.MAPDB, Subject.MAPDB_BATCHED, Subject.REDIS)) {
                put(s, "cookieBytes", payload, COOKIE.length() + 43);
            }
            // Spring's default cookie serializer sends the UUID in base64: 48 characters
            put(Subject.SPRING_MAP, "cookieBytes", payload, COOKIE.length() + 48);
            put(Subject.SPRING_REDIS, "cookieBytes", payload, COOKIE.length() + 48);
        }
        return results;
    }

    /** Returns what the measurements found worth saying: failures, and Redis's own expiry rate. */
    List<String> notes() {
        return notes;
    }

    private void put(Subject s, String metric, Payload payload, double bytes) {
        results.computeIfAbsent(s.label(), k -> new LinkedHashMap<>()).put(metric + "." + payload.label(), bytes);
    }

    private void failed(Subject s, String what, Exception e) {
        String note = "footprint: " + what + " of " + s.label() + " not measured: " + e;
        notes.add(note);
        log.accept(note);
    }

    private void heap(Subject s, Payload payload) {
        try {
            long before = usedHeap();
            Adapter a = Adapters.open(s, SessionPolicy.defaults());
            try {
                seedFresh(a, HEAP_SESSIONS, payload);
                long after = usedHeap();
                double per = (after - before) / (double) HEAP_SESSIONS;
                put(s, "heapBytesPerSession", payload, Math.round(per));
                log.accept(String.format("  %-16s %-5s heap %,.0f B/session", s.label(), payload.label(), per));
            } finally {
                a.close();
            }
        } catch (RuntimeException e) {
            failed(s, "heap bytes", e);
        }
    }

    private void file(Subject s, Payload payload) {
        Path dir = Adapters.tempDir();
        try {
            Adapter a = Adapters.open(s, SessionPolicy.defaults(), dir, null);
            try {
                a.bulkLoad(() -> seedFresh(a, FILE_SESSIONS, payload));
            } finally {
                a.close();
            }
            long bytes;
            try (Stream<Path> files = Files.walk(dir)) {
                bytes = files.filter(Files::isRegularFile)
                        .mapToLong(Footprint::size)
                        .sum();
            }
            double per = bytes / (double) FILE_SESSIONS;
            put(s, "fileBytesPerSession", payload, Math.round(per));
            log.accept(String.format("  %-16s %-5s file %,.0f B/session", s.label(), payload.label(), per));
        } catch (RuntimeException | IOException e) {
            failed(s, "file bytes", e);
        } finally {
            Adapters.delete(dir);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void redis(Subject s, Payload payload) {
        String prefix = Adapters.newPrefix();
        RedisClient client = RedisClient.create(Adapters.redisUrl());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            long before = usedMemory(redis);
            Adapter a = Adapters.open(s, SessionPolicy.defaults(), null, prefix);
            try {
                seedFresh(a, REDIS_SESSIONS, payload);
                long after = usedMemory(redis);
                long usage = 0;
                ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(1000);
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = redis.scan(cursor, args);
                    for (String k : page.getKeys()) {
                        Long u = redis.memoryUsage(k);
                        usage += u == null ? 0 : u;
                    }
                    cursor = page;
                } while (!cursor.isFinished());
                double delta = (after - before) / (double) REDIS_SESSIONS;
                double per = usage / (double) REDIS_SESSIONS;
                put(s, "redisUsedMemoryPerSession", payload, Math.round(delta));
                put(s, "redisMemoryUsagePerSession", payload, Math.round(per));
                log.accept(String.format(
                        "  %-16s %-5s redis used_memory %,.0f B/session, MEMORY USAGE %,.0f B/session",
                        s.label(), payload.label(), delta, per));
            } finally {
                a.close();
            }
        } catch (RuntimeException e) {
            failed(s, "Redis memory", e);
        } finally {
            client.shutdown();
        }
    }

    private static long usedMemory(RedisCommands<String, String> redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory line");
    }

    private void token(Subject s, Payload payload) {
        try (Adapter a = Adapters.open(s, SessionPolicy.defaults())) {
            String token = a.seed(payload.attributes(new SplittableRandom(Seeding.SEED)));
            put(s, "tokenBytes", payload, token.length());
            put(s, "cookieBytes", payload, COOKIE.length() + token.length());
            log.accept(String.format("  %-16s %-5s token %,d B", s.label(), payload.label(), token.length()));
        } catch (RuntimeException e) {
            failed(s, "token bytes", e);
        }
    }

    /** Seeds {@code n} sessions whose attribute strings are made on the way, so the subject alone holds them. */
    private static void seedFresh(Adapter a, int n, Payload payload) {
        SplittableRandom random = new SplittableRandom(Seeding.SEED);
        int chunk = 1000;
        for (int i = 0; i < n; i += chunk) {
            Seeding.seed(a, Seeding.attributes(Math.min(chunk, n - i), payload, random.nextLong()));
        }
    }

    private static long usedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Measures Redis's own expiry: {@code expired} keys with a 50 ms TTL among {@code live} keys with a one-hour
     * TTL, and how many of them Redis reclaims within {@code window} by itself (the {@code expired_keys} counter;
     * on a shared server other clients' expiries count too). Returns a sentence for the report.
     */
    String redisOwnExpiry(int live, int expired, long windowMillis) {
        String prefix = Adapters.newPrefix();
        RedisClient client = RedisClient.create(Adapters.redisUrl());
        // one connection pipelines the writes; the other reads the counters, so no read waits behind a pipeline
        try (StatefulRedisConnection<String, String> c = client.connect();
                StatefulRedisConnection<String, String> stats = client.connect()) {
            RedisAsyncCommands<String, String> async = c.async();
            RedisCommands<String, String> redis = stats.sync();
            String value =
                    Payload.SMALL.value(new SplittableRandom(Seeding.SEED)).repeat(12);
            c.setAutoFlushCommands(false);
            List<io.lettuce.core.RedisFuture<String>> pending = new ArrayList<>();
            for (int i = 0; i < live; i++) {
                pending.add(async.set(prefix + "live:" + i, value, SetArgs.Builder.px(3_600_000)));
                if (pending.size() == 1000) {
                    c.flushCommands();
                    pending.forEach(f -> f.toCompletableFuture().join());
                    pending.clear();
                }
            }
            c.flushCommands();
            pending.forEach(f -> f.toCompletableFuture().join());
            pending.clear();
            long before = expiredKeys(redis);
            for (int i = 0; i < expired; i++) {
                pending.add(async.set(prefix + "old:" + i, value, SetArgs.Builder.px(50)));
            }
            c.flushCommands();
            pending.forEach(f -> f.toCompletableFuture().join());
            long start = System.nanoTime();
            long reclaimed = 0;
            long halfAt = -1;
            while (System.nanoTime() - start < windowMillis * 1_000_000L) {
                TimeUnit.MILLISECONDS.sleep(50);
                reclaimed = Math.min(expired, expiredKeys(redis) - before);
                if (halfAt < 0 && reclaimed >= expired / 2) {
                    halfAt = (System.nanoTime() - start) / 1_000_000;
                }
            }
            String among = live == 0 ? "with no other keys" : String.format("among %,d live keys with a TTL", live);
            String note = String.format(
                    "Redis's own expiry: of %,d keys expired (50 ms TTL) %s, Redis reclaimed %,d by "
                            + "itself within %,d ms (%s); a lookup never returns them, but until then they hold memory",
                    expired,
                    among,
                    reclaimed,
                    windowMillis,
                    halfAt < 0 ? "half not reached" : "half within " + halfAt + " ms");
            log.accept("  " + note);
            return note;
        } catch (RuntimeException e) {
            String note = "Redis's own expiry not measured: " + e;
            log.accept("  " + note);
            return note;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Redis's own expiry not measured: interrupted";
        } finally {
            Adapters.deleteUnder(prefix);
            client.shutdown();
        }
    }

    private static long expiredKeys(RedisCommands<String, String> redis) {
        for (String line : redis.info("stats").split("\r?\n")) {
            if (line.startsWith("expired_keys:")) {
                return Long.parseLong(line.substring("expired_keys:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO stats has no expired_keys line");
    }
}
