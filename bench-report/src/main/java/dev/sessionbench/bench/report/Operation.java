package dev.sessionbench.bench.report;

import java.util.Arrays;

/**
 * The operations the suite measures. Each name is the simple name of the benchmark method that measures it, so
 * the report reads the operation straight from the JMH benchmark name.
 */
public enum Operation {
    /** create, set one attribute, save (a login), then end the thread's oldest created session (a logout). */
    CREATE("create"),
    /** find of a live session's value: an authenticated request. */
    LOOKUP_HIT("lookupHit"),
    /** find of a well-formed value that names no session: a stale or forged cookie. */
    LOOKUP_MISS("lookupMiss"),
    /** find of a malformed value: hostile input, which must be refused before the backend. */
    LOOKUP_MALFORMED("lookupMalformed"),
    /** find, change one of 10 attributes, save: a request that writes to its session. */
    ACCESS_AND_SAVE("accessAndSave"),
    /** find, new ID, save: the fixation defence after a privilege change. */
    CHANGE_ID("changeId"),
    /** find, invalidate: a logout. */
    INVALIDATE("invalidate"),
    /** purge of expired sessions, per session reclaimed. */
    EXPIRY("expiry"),
    /** 90 % lookup, 6 % access-and-save, 3 % create, 1 % invalidate, by a seeded choice. */
    MIXED("mixed");

    private final String method;

    Operation(String method) {
        this.method = method;
    }

    /** Returns the benchmark method's simple name, as it appears in the JMH results. */
    public String method() {
        return method;
    }

    /** Returns the operation measured by the benchmark method {@code method} (a simple or qualified name). */
    public static Operation ofMethod(String method) {
        String simple = method.substring(method.lastIndexOf('.') + 1);
        for (Operation op : values()) {
            if (op.method.equals(simple)) {
                return op;
            }
        }
        throw new IllegalArgumentException("no operation is measured by method '" + method + "'; known: "
                + Arrays.stream(values()).map(Operation::method).toList());
    }
}
