package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.Session;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs in a child JVM: saves, rotates and invalidates sessions in the default durable mode without end, printing a
 * line after each call returned (and, for rotate and invalidate, one before it starts), until the parent kills it
 * with SIGKILL.
 */
public final class CrashChild {

    public static void main(String[] args) {
        PrintStream out = System.out;
        MapDbSessionStore store = Children.open(Path.of(args[0]));
        out.println("open");
        out.flush();
        String previous = null;
        for (int i = 0; ; i++) {
            Session s = store.create().setAttribute("n", Integer.toString(i)).setAttribute("pad", "x".repeat(i % 300));
            String id = store.save(s);
            out.println("saved " + id + " " + i);
            out.flush();
            if (i % 7 == 3) {
                out.println("rotating " + id); // before the call: the parent cannot know whether it happened
                out.flush();
                Session rotated = store.changeId(store.find(id).orElseThrow());
                String newId = store.save(rotated);
                out.println("rotated " + id + " " + newId);
                out.flush();
                id = newId;
            }
            if (i % 5 == 4 && previous != null) {
                out.println("invalidating " + previous);
                out.flush();
                store.invalidate(store.find(previous).orElseThrow());
                out.println("invalidated " + previous);
                out.flush();
            }
            previous = id;
        }
    }
}
