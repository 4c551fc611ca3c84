package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStoreException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs in a child JVM under a file-size limit: saves 4 KiB sessions in the default durable mode until a save fails,
 * printing a line after each save returned, then reads every saved session back, tries one more write, and closes.
 */
public final class DiskFullChild {

    /** A save that never fails means the limit was not applied; stop rather than fill the disk. */
    private static final int MAX_SAVES = 20_000;

    static final int PAD_CHARS = 4096;

    public static void main(String[] args) {
        PrintStream out = System.out;
        Map<String, String> saved = new LinkedHashMap<>();
        MapDbSessionStore store = Children.open(Path.of(args[0]));
        out.println("open");
        String pad = pad();
        for (int i = 0; i < MAX_SAVES; i++) {
            Session s = store.create().setAttribute("n", Integer.toString(i)).setAttribute("pad", pad);
            try {
                String id = store.save(s);
                saved.put(id, Integer.toString(i));
                out.println("saved " + id + " " + i);
            } catch (SessionStoreException e) {
                out.println("failed " + oneLine(e));
                break;
            }
        }
        out.println("reads " + readable(store, saved) + " " + saved.size());
        try {
            store.save(store.create().setAttribute("after", "failure"));
            out.println("accepted a save after the failure");
        } catch (SessionStoreException e) {
            out.println("refused " + oneLine(e));
        }
        try {
            store.close();
            out.println("closed");
        } catch (RuntimeException e) {
            out.println("close failed " + oneLine(e));
        }
        out.flush();
    }

    /** Returns 4 KiB of attribute value that does not repeat within a page. */
    static String pad() {
        StringBuilder b = new StringBuilder(PAD_CHARS);
        for (int i = 0; b.length() < PAD_CHARS; i++) {
            b.append(Integer.toHexString(i * 0x9E3779B1));
        }
        return b.substring(0, PAD_CHARS);
    }

    /** Returns how many of the saved sessions (ID to "n") find returns with their value; a failed find counts none. */
    static int readable(MapDbSessionStore store, Map<String, String> saved) {
        int ok = 0;
        for (Map.Entry<String, String> e : saved.entrySet()) {
            try {
                if (store.find(e.getKey())
                        .flatMap(s -> s.attribute("n"))
                        .filter(e.getValue()::equals)
                        .isPresent()) {
                    ok++;
                }
            } catch (SessionStoreException ex) {
                // counted as unreadable
            }
        }
        return ok;
    }

    static String oneLine(Throwable e) {
        return String.valueOf(e.getMessage()).replace('\n', ' ');
    }
}
