package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.SessionPolicy;
import java.nio.file.Path;
import java.time.Duration;

/** Runs in a child JVM: opens a store, says so, and keeps it open until its standard input closes. */
public final class HoldChild {

    public static void main(String[] args) throws Exception {
        try (MapDbSessionStore store = MapDbSessionStore.builder().file(Path.of(args[0]))
                .policy(SessionPolicy.defaults()).purgeInterval(Duration.ZERO).build()) {
            System.out.println("open " + store.file());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
        System.out.println("closed");
        System.out.flush();
    }
}
