package dev.sessionbench.testkit.redis;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Random key prefixes for tests, and the deletion of exactly the keys under one prefix (SCAN MATCH + UNLINK).
 * There is deliberately no way to delete everything: the fixture never runs FLUSHDB or FLUSHALL.
 */
public final class RedisKeys {

    /** Every random prefix starts with this, so leftover test keys are easy to recognise. */
    public static final String PREFIX_ROOT = "sbtest:";
    /** Keys asked for per SCAN step. */
    public static final int SCAN_COUNT = 1000;
    /** Shortest prefix {@link #deleteUnder} accepts, so that a mistake cannot match most of a database. */
    public static final int MIN_PREFIX_LENGTH = 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisKeys() {
    }

    /** Returns a fresh prefix such as {@code sbtest:3f9a0c1d2e4b5a6f:}; letters, digits and colons only. */
    public static String randomPrefix() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return PREFIX_ROOT + HexFormat.of().formatHex(b) + ":";
    }

    /** Returns the number of keys under {@code prefix} on this server, counted with SCAN. */
    public static long countUnder(RedisEndpoint endpoint, String prefix) {
        return scan(endpoint, prefix, false);
    }

    /**
     * Deletes the keys under {@code prefix} on this server and returns how many. On a cluster it sees one node only:
     * call it for each master ({@link RedisCluster#deleteUnder} does).
     */
    public static long deleteUnder(RedisEndpoint endpoint, String prefix) {
        return scan(endpoint, prefix, true);
    }

    private static long scan(RedisEndpoint endpoint, String prefix, boolean delete) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        if (prefix.length() < MIN_PREFIX_LENGTH) {
            throw new IllegalArgumentException("key prefix must have at least " + MIN_PREFIX_LENGTH
                    + " characters, so that it cannot match most of a database; was '" + prefix + "'");
        }
        String pattern = escapeGlob(prefix) + "*";
        long n = 0;
        try (RespConnection c = RespConnection.open(endpoint, RespConnection.DEFAULT_TIMEOUT)) {
            String cursor = "0";
            do {
                List<?> reply = (List<?>) c.call("SCAN", cursor, "MATCH", pattern, "COUNT", Integer.toString(SCAN_COUNT));
                cursor = (String) reply.get(0);
                List<?> keys = (List<?>) reply.get(1);
                if (keys.isEmpty()) {
                    continue;
                }
                if (delete) {
                    List<String> args = new ArrayList<>(keys.size() + 1);
                    args.add("UNLINK");
                    keys.forEach(k -> args.add((String) k));
                    try {
                        c.call(args.toArray(String[]::new));
                    } catch (RespConnection.RespError e) {
                        if (!e.getMessage().startsWith("CROSSSLOT")) {
                            throw e;
                        }
                        // a cluster node: each key may be in another slot of this node
                        keys.forEach(k -> c.call("UNLINK", (String) k));
                    }
                }
                n += keys.size();
            } while (!cursor.equals("0"));
        }
        return n;
    }

    /** Returns the prefix with Redis glob characters escaped, for SCAN MATCH. */
    public static String escapeGlob(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char ch = prefix.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
