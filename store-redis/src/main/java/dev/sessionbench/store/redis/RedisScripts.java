package dev.sessionbench.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Lua scripts that make each store operation one atomic round trip. A session is one hash: field {@code c} its
 * creation time, {@code l} its last access (epoch milliseconds by the policy clock), and {@code a:<name>} each
 * attribute. Every script that may write first checks the record exists and is live by the deadlines in it, so a
 * late save of an invalidated, rotated or expired session writes nothing.
 *
 * <p>The field names and the digest length are written once, here in Java, and into the Lua text by
 * {@link #expand} ({@code ${created}}, {@code ${accessed}}, {@code ${attribute}}, {@code ${digest}}), so the store's
 * reader ({@link RecordOutput}) and the scripts cannot disagree.
 *
 * <p>The arguments of every script are laid out as {@link ScriptArgs} says, which builds them; the Lua text reads
 * them by positions written in from its constants. The TTL set is always what is left of the earlier deadline, so
 * Redis never keeps a session longer than the policy allows.
 *
 * <p>Beside each session, in the same hash-tag family {@code <prefix>{<tag>}} and so in the same cluster slot, the
 * scripts keep two indexes: {@code <family>:d}, a sorted set of the family's sessions by the deadline they had when
 * last indexed (member: the session key's digest, then {@code :<principal>} when it has one), which
 * {@link #PURGE} sweeps; and {@code <family>:p:<SHA-1 of the principal>}, a hash from digest to ID of the principal's
 * sessions in the family, which {@link #LIST} and {@link #END_ALL} read. Both are written by the same script as the
 * session and expire an absolute timeout after their last write, so neither outlives the sessions it indexes.
 */
final class RedisScripts {

    /** Field of the creation time. */
    static final String CREATED = "c";
    /** Field of the last access time. */
    static final String ACCESSED = "l";
    /** Prefix of attribute fields, keeping attribute names apart from the two time fields. */
    static final String ATTRIBUTE = "a:";

    /** {@code ${own}} or {@code ${own+N}}: a position among a script's own arguments; before the scripts, which expand it. */
    private static final Pattern OWN = Pattern.compile("\\$\\{own(?:\\+(\\d))?}");

    /** Field/value arguments per HSET or HDEL call: well under Lua's stack limit for unpack. */
    private static final String CHUNK = "200";

    /**
     * Reads the times every script gets ({@link ScriptArgs}); defines now, idle, abs and {@code deadline(c, l)}, the
     * earlier of the two deadlines of a record's times.
     */
    private static final String TIMES = """
            local now = tonumber(${now})
            local idle = tonumber(${idle})
            local abs = tonumber(${abs})
            local function deadline(c, l) return math.min(l + idle, c + abs) end
            """;

    /** After {@link #TIMES}: reads the live meta fields, or returns from the script; defines c, l. */
    private static final String LIVE_RECORD = """
            local meta = redis.call('HMGET', KEYS[1], ${created}, ${accessed})
            if not meta[1] then return %s end
            local c = tonumber(meta[1])
            local l = tonumber(meta[2])
            if not c or not l then return redis.error_reply('ERR sessionbench: corrupt session record') end
            if now >= deadline(c, l) then return %s end
            """;

    /**
     * After {@link #TIMES}: calls {@code visit(indexKey, family, digest, id, key, meta)} for each entry of the principal
     * indexes in KEYS, meta being the session's creation, last access and principal attribute (named by the first
     * own argument).
     */
    private static final String PRINCIPAL_ENTRIES = """
            local function each_entry(visit)
              for i = 1, #KEYS do
                local f = string.match(KEYS[i], '^(.*{%x%x})')
                local entries = redis.call('HGETALL', KEYS[i])
                for j = 1, #entries, 2 do
                  local key = f .. entries[j]
                  local meta = redis.call('HMGET', key, ${created}, ${accessed}, ${attribute} .. ARGV[${own}])
                  visit(KEYS[i], f, entries[j], entries[j + 1], key, meta)
                end
              end
            end
            """;

    /** Functions that keep the two indexes of a session key's family; see the class comment. */
    private static final String INDEXES = """
            local function fam(key) return string.match(key, '^(.*{%x%x})') end
            local function owner(key, attr)
              local p = redis.call('HGET', key, ${attribute} .. attr)
              if p and string.find(p, '%S') then return p end
              return nil
            end
            local function dmember(key, p)
              local d = string.sub(key, -${digest})
              if p then return d .. ':' .. p end
              return d
            end
            local function pkey(f, p) return f .. ':p:' .. redis.sha1hex(p) end
            local function unindex(key, p)
              local f = fam(key)
              redis.call('ZREM', f .. ':d', dmember(key, p))
              if p then redis.call('HDEL', pkey(f, p), string.sub(key, -${digest})) end
            end
            local function index(key, p, id, score, abs)
              local f = fam(key)
              redis.call('ZADD', f .. ':d', string.format('%d', score), dmember(key, p))
              redis.call('PEXPIRE', f .. ':d', string.format('%d', abs))
              if p then
                local k = pkey(f, p)
                redis.call('HSET', k, string.sub(key, -${digest}), id)
                redis.call('PEXPIRE', k, string.format('%d', abs))
              end
            end
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
              redis.call('HSET', KEYS[1], ${accessed}, ${now})
            end
            redis.call('PEXPIRE', KEYS[1], string.format('%d', deadline(c, last) - now))
            """;

    /**
     * The slide of a find: KEYS[1] session. A find reads the record with a plain HGETALL and checks its deadlines
     * itself; when the stored last access is a slide step old or more it runs this script, which slides {@code l}
     * and the TTL as a save does. Returns 1, or 0 (writing nothing) when the record is gone or expired by now (a
     * logout or an expiry between the read and the slide): the find then finds nothing.
     */
    static final Script TOUCH = new Script("touch", TIMES + LIVE_RECORD.formatted("0", "0") + SLIDE + """
            return 1
            """);

    /**
     * Writes a whole record: KEYS[1] session; own arguments created, last access, then field/value pairs, then the
     * index arguments. Used for a first save. Returns 1, or 0 (writing nothing) when the record's deadline has
     * already passed.
     */
    static final Script PUT = new Script("put", TIMES + CHUNKED + INDEXES + """
            local last = #ARGV - 2
            local c = tonumber(ARGV[${own}])
            local l = tonumber(ARGV[${own+1}])
            local due = deadline(c, l)
            if now >= due then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], ${created}, ARGV[${own}], ${accessed}, ARGV[${own+1}])
            chunked('HSET', ${own+2}, last, %s)
            redis.call('PEXPIRE', KEYS[1], string.format('%%d', due - now))
            index(KEYS[1], owner(KEYS[1], ARGV[last + 1]), ARGV[last + 2], due, abs)
            return 1
            """.formatted(CHUNK));

    /**
     * Delta save: KEYS[1] session; own arguments the number n of set fields, n field/value pairs, then the removed
     * fields, then the index arguments. Returns 1, or 0 (writing nothing) when the record is gone or expired.
     */
    static final Script DELTA = new Script(
            "delta",
            TIMES + CHUNKED + INDEXES + LIVE_RECORD.formatted("0", "0") + """
            local argEnd = #ARGV - 2
            local setEnd = ${own} + 2 * tonumber(ARGV[${own}])
            local before = owner(KEYS[1], ARGV[argEnd + 1])
            chunked('HSET', ${own+1}, setEnd, %s)
            chunked('HDEL', setEnd + 1, argEnd, %s)
            """.formatted(CHUNK, CHUNK) + SLIDE + """
            local after = owner(KEYS[1], ARGV[argEnd + 1])
            if before ~= after then
              local score = redis.call('ZSCORE', fam(KEYS[1]) .. ':d', dmember(KEYS[1], before))
              unindex(KEYS[1], before)
              index(KEYS[1], after, ARGV[argEnd + 2], tonumber(score) or deadline(c, last), abs)
            end
            return 1
            """);

    /** RENAME's result: the record moved. */
    static final long RENAMED = 1;
    /** RENAME's result: no record under the old key (rotated, invalidated, or expired and removed by Redis). */
    static final long RENAME_GONE = 0;
    /** RENAME's result: the record is there but past its deadline; nothing moved. */
    static final long RENAME_EXPIRED = 2;

    /**
     * Rotation: KEYS[1] old session, KEYS[2] new (in one slot: the new ID carries the old one's hash tag); no own
     * arguments before the index arguments. Moves the record (RENAME keeps its TTL) when it is live; returns
     * {@link #RENAMED}, {@link #RENAME_GONE} or {@link #RENAME_EXPIRED}.
     */
    static final Script RENAME =
            new Script("rename", TIMES + INDEXES + LIVE_RECORD.formatted(RENAME_GONE, RENAME_EXPIRED) + """
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return redis.error_reply('ERR sessionbench: the new session key is taken')
            end
            redis.call('RENAME', KEYS[1], KEYS[2])
            local p = owner(KEYS[2], ARGV[${own}])
            local score = redis.call('ZSCORE', fam(KEYS[1]) .. ':d', dmember(KEYS[1], p))
            unindex(KEYS[1], p)
            index(KEYS[2], p, ARGV[${own+1}], tonumber(score) or deadline(c, l), abs)
            return 1
            """);

    /**
     * Logout: KEYS[1] session; own argument the principal attribute. Deletes the record and its index entries;
     * returns nil when there was none, else {1 when it was live by the policy's deadlines (0 when expired), its
     * principal or ''}.
     */
    static final Script INVALIDATE = new Script("invalidate", TIMES + INDEXES + """
            local meta = redis.call('HMGET', KEYS[1], ${created}, ${accessed})
            if not meta[1] then return nil end
            local p = owner(KEYS[1], ARGV[${own}])
            redis.call('DEL', KEYS[1])
            unindex(KEYS[1], p)
            local live = 0
            local c = tonumber(meta[1])
            local l = tonumber(meta[2])
            if c and l and now < deadline(c, l) then live = 1 end
            return {live, p or ''}
            """);

    /**
     * sessionsOf: KEYS principal indexes (one per family); own arguments the principal attribute, the principal.
     * Returns ID, fields, ID, fields... of the live sessions; drops entries of sessions that are gone or now belong
     * to another principal (an expired one stays for the purge, which announces it).
     */
    static final Script LIST = new Script("list", TIMES + PRINCIPAL_ENTRIES + """
            local out = {}
            each_entry(function(ikey, f, digest, id, key, meta)
              local c = tonumber(meta[1])
              local l = tonumber(meta[2])
              if not meta[1] or meta[3] ~= ARGV[${own+1}] then
                redis.call('HDEL', ikey, digest)
              elseif c and l and now < deadline(c, l) then
                out[#out + 1] = id
                out[#out + 1] = redis.call('HGETALL', key)
              end
            end)
            return out
            """);

    /**
     * invalidateAll: KEYS principal indexes (one per family); own arguments the principal attribute, the principal.
     * Deletes every session of the principal with its index entries, and the indexes; returns digest, live (1 or
     * 0), digest, live...
     */
    static final Script END_ALL = new Script("endAll", TIMES + PRINCIPAL_ENTRIES + """
            local out = {}
            each_entry(function(ikey, f, digest, id, key, meta)
              if meta[1] and meta[3] == ARGV[${own+1}] then
                redis.call('DEL', key)
                redis.call('ZREM', f .. ':d', digest .. ':' .. ARGV[${own+1}])
                local c = tonumber(meta[1])
                local l = tonumber(meta[2])
                out[#out + 1] = digest
                if c and l and now < deadline(c, l) then out[#out + 1] = 1 else out[#out + 1] = 0 end
              end
            end)
            for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end
            return out
            """);

    /**
     * purgeExpired: KEYS deadline indexes (one per family); own argument at most this many entries in all, so that one
     * call holds Redis for a bounded time (the caller calls again while a call used its whole budget). Claims each
     * due entry atomically: a session that is gone or past its deadline is deleted with its index entries and its
     * member returned (so two stores sharing a Redis never both announce it); one whose finds slid its deadline is
     * put back under its real deadline. Returns the number of entries examined, then the claimed members.
     */
    static final Script PURGE = new Script("purge", TIMES + """
            local out = {0}
            local left = tonumber(ARGV[${own}])
            for i = 1, #KEYS do
              if left <= 0 then break end
              local f = string.match(KEYS[i], '^(.*{%x%x})')
              local due = redis.call('ZRANGEBYSCORE', KEYS[i], '-inf', ${now}, 'LIMIT', 0, left)
              left = left - #due
              out[1] = out[1] + #due
              for _, m in ipairs(due) do
                local d = string.sub(m, 1, ${digest})
                local key = f .. d
                local meta = redis.call('HMGET', key, ${created}, ${accessed})
                local c = tonumber(meta[1])
                local l = tonumber(meta[2])
                if c and l and now < deadline(c, l) then
                  redis.call('ZADD', KEYS[i], string.format('%d', deadline(c, l)), m)
                else
                  redis.call('ZREM', KEYS[i], m)
                  redis.call('DEL', key)
                  if #m > ${digest} + 1 then
                    redis.call('HDEL', f .. ':p:' .. redis.sha1hex(string.sub(m, ${digest} + 2)), d)
                  end
                  out[#out + 1] = m
                end
              end
            end
            return out
            """);

    /** Every script, in the order the store loads them. */
    static final List<Script> ALL = List.of(TOUCH, PUT, DELTA, RENAME, INVALIDATE, LIST, END_ALL, PURGE);

    private RedisScripts() {}

    /** Length of a session key's digest (base64url of a SHA-256), the last part of the key. */
    static final int DIGEST_LENGTH = 43;

    /**
     * Returns the Lua text with the names that Java and Lua share written in from the Java constants:
     * {@code ${created}}, {@code ${accessed}} and {@code ${attribute}} become the Lua string literals of
     * {@link #CREATED}, {@link #ACCESSED} and {@link #ATTRIBUTE}, {@code ${digest}} the {@link #DIGEST_LENGTH};
     * {@code ${now}}, {@code ${idle}} and {@code ${abs}} the arguments {@link ScriptArgs#NOW},
     * {@link ScriptArgs#IDLE} and {@link ScriptArgs#ABSOLUTE}, and {@code ${own}}, {@code ${own+1}} ... the position
     * of a script's own arguments from {@link ScriptArgs#OWN} on.
     */
    static String expand(String lua) {
        String expanded = lua.replace("${created}", luaString(CREATED))
                .replace("${accessed}", luaString(ACCESSED))
                .replace("${attribute}", luaString(ATTRIBUTE))
                .replace("${digest}", Integer.toString(DIGEST_LENGTH))
                .replace("${now}", "ARGV[" + ScriptArgs.NOW + "]")
                .replace("${idle}", "ARGV[" + ScriptArgs.IDLE + "]")
                .replace("${abs}", "ARGV[" + ScriptArgs.ABSOLUTE + "]");
        expanded = OWN.matcher(expanded)
                .replaceAll(m ->
                        Integer.toString(ScriptArgs.OWN + (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)))));
        if (expanded.contains("${")) {
            throw new IllegalStateException("unknown name in a Redis script: "
                    + expanded.substring(
                            expanded.indexOf("${"), Math.min(expanded.length(), expanded.indexOf("${") + 20)));
        }
        return expanded;
    }

    /** Returns a Lua string literal of a field name made of letters and {@code :} only. */
    private static String luaString(String name) {
        if (!name.matches("[a-z:]+")) {
            throw new IllegalStateException("field name " + name + " needs quoting in Lua");
        }
        return "'" + name + "'";
    }

    /** A script: its template, its source with the shared names written in by {@link #expand}, and the SHA-1 of that. */
    record Script(String name, String template, String source, String sha) {
        Script(String name, String template) {
            this(name, template, expand(template), sha1(expand(template)));
        }
    }

    /**
     * The arguments of every script, and the one statement of their layout: {@code ARGV[1]} ({@link #NOW}) the time
     * now in epoch milliseconds by the policy's clock, {@code ARGV[2]} ({@link #IDLE}) the idle timeout and
     * {@code ARGV[3]} ({@link #ABSOLUTE}) the absolute timeout in milliseconds; from {@code ARGV[4]} ({@link #OWN})
     * the script's own arguments, as its comment lists them; and last, for the scripts that keep the indexes
     * ({@link #PUT}, {@link #DELTA}, {@link #RENAME}), the principal attribute's name and the session's (new) ID,
     * which {@link #withIndex} appends. One per store, with its policy's timeouts.
     */
    record ScriptArgs(long idleMillis, long absoluteMillis) {
        static final int NOW = 1;
        static final int IDLE = 2;
        static final int ABSOLUTE = 3;
        static final int OWN = 4;

        /** Returns a new argument list holding the three times, with room for {@code own} more. */
        List<String> times(long now, int own) {
            List<String> args = new ArrayList<>(OWN - 1 + own);
            args.add(Long.toString(now));
            args.add(Long.toString(idleMillis));
            args.add(Long.toString(absoluteMillis));
            return args;
        }

        /** Appends the index arguments, the principal attribute's name and the session's ID, and returns the list. */
        static List<String> withIndex(List<String> args, String principalAttribute, String id) {
            args.add(principalAttribute);
            args.add(id);
            return args;
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-1", e);
        }
    }
}
