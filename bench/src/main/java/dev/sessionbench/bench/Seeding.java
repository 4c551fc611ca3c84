package dev.sessionbench.bench;

import dev.sessionbench.bench.adapter.Adapter;
import dev.sessionbench.bench.report.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fills a subject with live sessions before a measurement, deterministically and as fast as the backend allows. */
public final class Seeding {

    /** The seed of every random choice the suite makes: attribute values, picks, mixed-traffic choices. */
    public static final long SEED = 0x5E5510B;
    /** Threads that seed a networked subject: one synchronous client each, so round trips overlap. */
    static final int REMOTE_SEEDERS = 16;

    private Seeding() {}

    /** Returns {@code n} attribute maps of the payload, the same for every run. */
    public static List<Map<String, String>> attributes(int n, Payload payload, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, String>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(payload.attributes(random));
        }
        return all;
    }

    private static ExecutorService pool;

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(REMOTE_SEEDERS, r -> {
                Thread t = new Thread(r, "sessionbench-seeder");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stores one session per attribute map and returns their client values, in the same order. */
    public static String[] seed(Adapter adapter, List<Map<String, String>> attributes) {
        String[] values = new String[attributes.size()];
        if (!isRemote(adapter) || values.length < 64) {
            for (int i = 0; i < values.length; i++) {
                values[i] = adapter.seed(attributes.get(i));
            }
            return values;
        }
        ExecutorService pool = pool();
        try {
            List<Future<?>> parts = new ArrayList<>();
            int per = (values.length + REMOTE_SEEDERS - 1) / REMOTE_SEEDERS;
            for (int t = 0; t < REMOTE_SEEDERS; t++) {
                int from = t * per;
                int to = Math.min(values.length, from + per);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        values[i] = adapter.seed(attributes.get(i));
                    }
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
            return values;
        } catch (Exception e) {
            throw new IllegalStateException("seeding " + adapter.subject().label() + " failed: " + e, e);
        }
    }

    /** Removes the sessions of {@code values}, in parallel for a networked subject; not measured. */
    public static void discard(Adapter adapter, java.util.Collection<String> values) {
        if (!isRemote(adapter) || values.size() < 64) {
            adapter.discard(values);
            return;
        }
        List<String> all = new ArrayList<>(values);
        List<Future<?>> parts = new ArrayList<>();
        int per = (all.size() + REMOTE_SEEDERS - 1) / REMOTE_SEEDERS;
        for (int from = 0; from < all.size(); from += per) {
            List<String> part = all.subList(from, Math.min(all.size(), from + per));
            parts.add(pool().submit(() -> adapter.discard(part)));
        }
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "discarding sessions of " + adapter.subject().label() + " failed: " + e, e);
        }
    }

    private static boolean isRemote(Adapter adapter) {
        return adapter.subject().family() == Subject.Family.REDIS;
    }

    /** Returns the largest power of two at or below {@code n} (at least 1): the size of a masked pick table. */
    public static int floorPowerOfTwo(int n) {
        return Math.max(1, Integer.highestOneBit(n));
    }
}
