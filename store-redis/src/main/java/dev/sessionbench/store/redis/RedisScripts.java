package dev.sessionbench.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make each store operation one atomic round trip. A session is one hash: field {@code c} its
 * creation time, {@code l} its last access (epoch milliseconds by the policy clock), and {@code a:<name>} each
 * attribute. Every script that may write first checks the record exists and is live by the deadlines in it, so a
 * late save of an invalidated, rotated or expired session writes nothing.
 *
 * <p>Common arguments: {@code ARGV[1]} now, {@code ARGV[2]} idle timeout, {@code ARGV[3]} absolute timeout, all
 * in milliseconds. The TTL set is always what is left of the earlier deadline, so Redis never keeps a session
 * longer than the policy allows.
 */
final class RedisScripts {

    /** Field of the creation time. */
    static final String CREATED = "c";
    /** Field of the last access time. */
    static final String ACCESSED = "l";
    /** Prefix of attribute fields, keeping attribute names apart from the two time fields. */
    static final String ATTRIBUTE = "a:";

    /** Field/value arguments per HSET or HDEL call: well under Lua's stack limit for unpack. */
    private static final String CHUNK = "200";

    /** Reads the live meta fields, or returns from the script; defines c, l, now, idle, abs. */
    private static final String LIVE_RECORD = """
            local meta = redis.call('HMGET', KEYS[1], 'c', 'l')
            if not meta[1] then return %s end
            local c = tonumber(meta[1])
            local l = tonumber(meta[2])
            if not c or not l then return redis.error_reply('ERR sessionbench: corrupt session record') end
            local now = tonumber(ARGV[1])
            local idle = tonumber(ARGV[2])
            local abs = tonumber(ARGV[3])
            if now >= math.min(l + idle, c + abs) then return %s end
            """;

    /** Writes ARGV[from..to] as field/value pairs (when set) or field names (when not) in chunks. */
    private static final String CHUNKED = """
            local function chunked(cmd, from, to, step)
              local i = from
              while i <= to do
                local j = math.min(i + step - 1, to)
                redis.call(cmd, KEYS[1], unpack(ARGV, i, j))
                i = j + 1
              end
            end
            """;

    /**
     * Slides {@code l} to now unless it is later already (set by a server whose clock runs ahead: the last access
     * never moves backwards, so the idle deadline never shrinks), and the TTL with it; defines last.
     */
    private static final String SLIDE = """
            local last = l
            if now > l then
              last = now
              redis.call('HSET', KEYS[1], 'l', ARGV[1])
            end
            redis.call('PEXPIRE', KEYS[1], string.format('%d', math.min(last + idle, c + abs) - now))
            """;

    /** find: KEYS[1] session. Returns nil, or every field after sliding {@code l} and the TTL. */
    static final Script FIND = new Script("find", LIVE_RECORD.formatted("nil", "nil") + SLIDE + """
            return redis.call('HGETALL', KEYS[1])
            """);

    /**
     * Writes a whole record: KEYS[1] session; ARGV[4] created, ARGV[5] last access, ARGV[6..] field/value pairs.
     * Used for a first save and for the second half of a rotation in a cluster. Returns 1, or 0 (writing nothing)
     * when the record's deadline has already passed.
     */
    static final Script PUT = new Script("put", CHUNKED + """
            local now = tonumber(ARGV[1])
            local c = tonumber(ARGV[4])
            local l = tonumber(ARGV[5])
            local deadline = math.min(l + tonumber(ARGV[2]), c + tonumber(ARGV[3]))
            if now >= deadline then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'c', ARGV[4], 'l', ARGV[5])
            chunked('HSET', 6, #ARGV, %s)
            redis.call('PEXPIRE', KEYS[1], string.format('%%d', deadline - now))
            return 1
            """.formatted(CHUNK));

    /**
     * Delta save: KEYS[1] session; ARGV[4] the number n of set fields, ARGV[5..4+2n] field/value pairs, then the
     * removed fields. Returns 1, or 0 (writing nothing) when the record is gone or expired.
     */
    static final Script DELTA = new Script("delta", CHUNKED + LIVE_RECORD.formatted("0", "0") + """
            local setEnd = 4 + 2 * tonumber(ARGV[4])
            chunked('HSET', 5, setEnd, %s)
            chunked('HDEL', setEnd + 1, #ARGV, %s)
            """.formatted(CHUNK, CHUNK) + SLIDE + """
            return 1
            """);

    /** RENAME's result: the record moved. */
    static final long RENAMED = 1;
    /** RENAME's result: no record under the old key (rotated, invalidated, or expired and removed by Redis). */
    static final long RENAME_GONE = 0;
    /** RENAME's result: the record is there but past its deadline; nothing moved. */
    static final long RENAME_EXPIRED = 2;

    /**
     * Rotation on one node: KEYS[1] old session, KEYS[2] new. Moves the record (RENAME keeps its TTL) when it is
     * live; returns {@link #RENAMED}, {@link #RENAME_GONE} or {@link #RENAME_EXPIRED}.
     */
    static final Script RENAME = new Script("rename", LIVE_RECORD.formatted(RENAME_GONE, RENAME_EXPIRED) + """
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return redis.error_reply('ERR sessionbench: the new session key is taken')
            end
            redis.call('RENAME', KEYS[1], KEYS[2])
            return 1
            """);

    /**
     * First half of a rotation in a cluster, where the old and the new key live in different slots: KEYS[1] old
     * session. Returns every field and deletes the record when it is live; nil when it is gone or expired.
     */
    private RedisScripts() {
    }

    /** A script with the SHA-1 that EVALSHA names it by, computed here as Redis does. */
    record Script(String name, String source, String sha) {
        Script(String name, String source) {
            this(name, source, sha1(source));
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-1", e);
        }
    }
}
