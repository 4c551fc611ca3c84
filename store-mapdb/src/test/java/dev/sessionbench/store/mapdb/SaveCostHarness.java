package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rough timing of one save in each durability mode, run by hand until the bench module measures it with JMH:
 * <pre>
 * ./mvnw -B -q -pl store-mapdb -am test-compile
 * ./mvnw -B -q -pl store-mapdb dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat store-mapdb/target/cp.txt):store-mapdb/target/classes:store-mapdb/target/test-classes" \
 *     dev.sessionbench.store.mapdb.SaveCostHarness [directory] [saves]
 * </pre>
 * Each mode: a warm-up of 1,000 saves, then {@code saves} saves of new sessions (two attributes, about 100 bytes),
 * then as many saves of one changed attribute, then as many finds; single thread, fresh file per mode.
 */
public final class SaveCostHarness {

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mapdb-harness");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        for (MapDbSessionStore.Durability mode : MapDbSessionStore.Durability.values()) {
            Path file = dir.resolve("harness-" + mode + ".db");
            Files.deleteIfExists(file);
            try (MapDbSessionStore store = MapDbSessionStore.builder().file(file).policy(SessionPolicy.defaults())
                    .durability(mode).purgeInterval(Duration.ZERO).build()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    values.add(store.save(newSession(store, i)));
                }
                long[] create = new long[n];
                for (int i = 0; i < n; i++) {
                    Session s = newSession(store, i);
                    long t = System.nanoTime();
                    values.add(store.save(s));
                    create[i] = System.nanoTime() - t;
                }
                long[] update = new long[n];
                long[] find = new long[n];
                for (int i = 0; i < n; i++) {
                    String value = values.get(i);
                    long t = System.nanoTime();
                    Session s = store.find(value).orElseThrow();
                    find[i] = System.nanoTime() - t;
                    s.setAttribute("cart", "item-" + i);
                    t = System.nanoTime();
                    store.save(s);
                    update[i] = System.nanoTime() - t;
                }
                System.out.printf("%-8s save(new) %s | save(changed) %s | find %s | file %,d bytes%n", mode,
                        stats(create), stats(update), stats(find), store.fileSize());
            }
        }
    }

    private static Session newSession(MapDbSessionStore store, int i) {
        return store.create().setAttribute("user", "user-" + i).setAttribute("roles", "reader,writer,admin-" + i % 7);
    }

    private static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1000.0;
        return String.format("mean %7.1f us, p50 %7.1f, p99 %7.1f", mean, sorted[sorted.length / 2] / 1000.0,
                sorted[(int) (sorted.length * 0.99)] / 1000.0);
    }
}
