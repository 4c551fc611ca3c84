package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.SessionStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs in a child JVM: opens a store, says so, saves a session for every "save" line on its standard input (printing
 * "saved" or "failed" and the message), and closes the store when its input closes.
 */
public final class HoldChild {

    public static void main(String[] args) throws Exception {
        try (MapDbSessionStore store = Children.open(Path.of(args[0]))) {
            System.out.println("open " + store.file());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("save")) {
                    try {
                        store.save(store.create().setAttribute("a", "b"));
                        System.out.println("saved");
                    } catch (SessionStoreException e) {
                        System.out.println("failed " + DiskFullChild.oneLine(e));
                    }
                    System.out.flush();
                }
            }
        }
        System.out.println("closed");
        System.out.flush();
    }
}
