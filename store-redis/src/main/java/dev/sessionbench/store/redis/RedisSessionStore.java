package dev.sessionbench.store.redis;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.core.spi.AbstractSessionStore;
import dev.sessionbench.core.spi.BackgroundPurge;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SessionEvents;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sessions in Redis (standalone or Cluster) through Lettuce, shared by every application server that opens the same
 * Redis with the same key prefix. One hash per session under a key made of the prefix, a hash tag and the ID's
 * SHA-256 (see {@link #key}); each write is one atomic Lua script (EVALSHA) and a find one HGETALL (and a script
 * that slides the last access, at most once per 1/{@value AbstractSessionStore#SLIDE_SHARE} of the idle timeout), in a cluster too.
 * Defaults: command timeout {@value #DEFAULT_COMMAND_TIMEOUT_MILLIS} ms, commands rejected at once while
 * disconnected, automatic reconnection. Expired sessions are removed by Redis's own TTL; a deadline
 * index per hash-tag family lets {@link #purgeExpired} (every {@link #DEFAULT_PURGE_INTERVAL} by default) claim each
 * expired session exactly once, even with several stores on one Redis, and announce it. A principal index per family
 * serves {@link #sessionsOf} and {@link #invalidateAll}; it holds the IDs of the sessions that have a principal, so
 * whoever reads the keyspace reads those IDs. Sentinel and replica reads are not supported.
 *
 * <p>The per-principal cap is applied by a second step right after the save that gives a principal a new session:
 * two logins racing on two servers may each end the same least recently used session, never a live newer one.
 */
public final class RedisSessionStore extends AbstractSessionStore {

    /** Default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "sessionbench:";
    /** Draws of a new ID before {@link #idWithTagOf} gives up: at 1 in 256 a draw, 10,000 misses never happen. */
    private static final int MAX_TAG_DRAWS = 10_000;

    private static final HexFormat HEX = HexFormat.of();
    /** Longest key prefix accepted. */
    public static final int MAX_KEY_PREFIX_LENGTH = 256;
    /** Default command timeout in milliseconds (Lettuce's own default is 60 s). */
    public static final long DEFAULT_COMMAND_TIMEOUT_MILLIS = 1000;
    /** Default time a command may wait for Redis's answer. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(DEFAULT_COMMAND_TIMEOUT_MILLIS);
    /** Default time a connection attempt may take (Lettuce's own default is 10 s). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** Default bound on commands queued in one connection, so that a stalled Redis cannot fill the heap. */
    public static final int DEFAULT_REQUEST_QUEUE_SIZE = 10_000;
    /** Default interval of the background purge that announces expiries; zero turns it off. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Deadline index entries one purge script examines at most, so that it holds Redis for about a millisecond. */
    static final int PURGE_BATCH = 1000;
    /** The 256 hash tags a session key may carry (see {@link #key}). */
    private static final List<String> TAGS = java.util.stream.IntStream.range(0, 256)
            .mapToObj(i -> HEX.toHexDigits((byte) i))
            .toList();
    /** Default longest wait between reconnection attempts (Lettuce's own default is 30 s). */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Keys are bytes (built without an intermediate string); values, script sources and replies UTF-8 strings. */
    static final RedisCodec<byte[], String> CODEC = RedisCodec.of(ByteArrayCodec.INSTANCE, StringCodec.UTF8);

    private static final byte[] BASE64URL_DIGITS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    });
    /** Length of a session key after the prefix: {@code {}}, two hex digits, 43 base64url digits. */
    private static final int KEY_SUFFIX = 4 + RedisScripts.DIGEST_LENGTH;

    private static final String NAME = "Redis store";
    private static final System.Logger LOG = System.getLogger(RedisSessionStore.class.getName());
    /** Lettuce's logger that, at TRACE, writes every byte sent: the password of HELLO or AUTH too. */
    static final String WIRE_LOGGER = "io.lettuce.core.protocol.CommandEncoder";

    private final String keyPrefix;
    private final byte[] keyPrefixBytes;
    private final boolean cluster;
    /** Builds every script's arguments, with the policy's timeouts. */
    private final RedisScripts.ScriptArgs scriptArgs;
    /** A find slides the last access when it is this old or more: the idle timeout / {@link AbstractSessionStore#SLIDE_SHARE}. */
    private final long slideStepMillis;

    private final long commandTimeoutNanos;
    private final AbstractRedisClient client;
    private final ClientResources ownedResources;
    private final StatefulConnection<byte[], String> connection;
    private final RedisClusterCommands<byte[], String> redis;
    private final String principalAttribute;
    private final int maxPerPrincipal;
    private final SessionEvents events;
    private final BackgroundPurge purger;

    private RedisSessionStore(Builder b) {
        super(NAME, b.policy);
        this.keyPrefix = b.keyPrefix;
        this.keyPrefixBytes = b.keyPrefix.getBytes(StandardCharsets.US_ASCII);
        this.cluster = b.cluster;
        this.scriptArgs = new RedisScripts.ScriptArgs(
                policy.idleTimeout().toMillis(), policy.absoluteTimeout().toMillis());
        this.slideStepMillis = slideStepMillis(policy);
        this.commandTimeoutNanos = b.commandTimeout.toNanos();
        this.principalAttribute = policy.principalAttribute();
        this.maxPerPrincipal = policy.maxSessionsPerPrincipal();
        ClientResources resources = b.resources;
        this.ownedResources = resources == null
                ? DefaultClientResources.builder()
                        .reconnectDelay(
                                Delay.exponential(Duration.ofMillis(1), b.maxReconnectDelay, 2, TimeUnit.MILLISECONDS))
                        .build()
                : null;
        if (resources == null) {
            resources = ownedResources;
        }
        List<RedisURI> uris = new ArrayList<>();
        for (RedisURI given : b.nodes) {
            RedisURI uri = RedisURI.builder(given).withTimeout(b.commandTimeout).build();
            uris.add(uri);
        }
        warnWhenTheWireIsLogged(uris);
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(b.connectTimeout)
                .keepAlive(true)
                .build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(b.requestQueueSize)
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
                .build();
        AbstractRedisClient c = null;
        try {
            if (cluster) {
                RedisClusterClient cc = RedisClusterClient.create(resources, uris);
                cc.setOptions(ClusterClientOptions.builder(options)
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .enablePeriodicRefresh(Duration.ofSeconds(30))
                                .build())
                        .build());
                c = cc;
                b.listeners.forEach(cc::addListener);
                StatefulRedisClusterConnection<byte[], String> conn = cc.connect(CODEC);
                this.connection = conn;
                this.redis = conn.sync();
            } else {
                RedisClient rc = RedisClient.create(resources, uris.get(0));
                rc.setOptions(options);
                c = rc;
                b.listeners.forEach(rc::addListener);
                StatefulRedisConnection<byte[], String> conn = rc.connect(CODEC);
                this.connection = conn;
                this.redis = conn.sync();
            }
            this.client = c;
            for (RedisScripts.Script script : RedisScripts.ALL) {
                String sha = redis.scriptLoad(script.source());
                if (!script.sha().equals(sha)) {
                    throw new SessionStoreException("Redis returned SHA-1 " + sha + " for the " + script.name()
                            + " script, expected " + script.sha());
                }
            }
        } catch (RuntimeException e) {
            shutdown(c, ownedResources);
            if (e instanceof SessionStoreException s) {
                throw s;
            }
            String refused = authenticationRefusal(e);
            if (refused != null) {
                throw new SessionStoreException(
                        "cannot open the " + NAME + " on " + describe(uris)
                                + ": authentication failed (Redis answered " + scrub(refused, uris)
                                + "); check the user "
                                + "and password of the store URI, and write % / ? # @ in the password as %25 %2F %3F %23 %40",
                        e);
            }
            throw new SessionStoreException(
                    "cannot open the " + NAME + " on " + describe(uris) + ": "
                            + scrub(String.valueOf(e.getMessage()), uris),
                    e);
        }
        this.events = SessionEvents.of(NAME, policy);
        this.purger = BackgroundPurge.start(NAME, b.purgeInterval, state, this::purgeExpired);
    }

    /** Returns a builder with the defaults: redis://127.0.0.1:6379/0, the default policy and key prefix. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Optional<Session> doFind(String clientValue) {
        long now = now();
        byte[] key = keyBytes(clientValue);
        RecordOutput r;
        try {
            r = read(key);
        } catch (RuntimeException e) {
            throw failure("find", clientValue, e);
        }
        if (!r.present()) {
            return Optional.empty();
        }
        if (!r.valid()) {
            throw corrupt(clientValue);
        }
        long created = r.created();
        long accessed = r.accessed();
        if (now >= policy.deadlineMillis(created, accessed)) {
            return Optional.empty(); // Redis's TTL has not removed it yet: its clock is not the policy's
        }
        if (now - accessed >= slideStepMillis) {
            // A stored last access later than now (a server whose clock runs ahead wrote it) is never due.
            Long live = call(
                    "find",
                    clientValue,
                    () -> eval(RedisScripts.TOUCH, ScriptOutputType.INTEGER, keys(key), scriptArgs.times(now, 0)));
            if (live == null || live != 1L) {
                return Optional.empty(); // ended or expired between the read and the slide
            }
            accessed = now;
        }
        // Within a step of the stored last access nothing is written: the idle deadline counts from the stored one.
        return Optional.of(SessionAccess.restore(clientValue, created, accessed, r.attributes(), policy));
    }

    /**
     * Reads the session hash with one HGETALL, its key as prepared bytes, the reply parsed straight into a
     * {@link RecordOutput}; waits as the synchronous API does, up to the command timeout.
     */
    private RecordOutput read(byte[] key) {
        AsyncCommand<byte[], String, RecordOutput> command = new AsyncCommand<>(
                new Command<>(CommandType.HGETALL, new RecordOutput(CODEC), new CommandArgs<>(CODEC).addKey(key)));
        connection.dispatch(command);
        return LettuceFutures.awaitOrCancel(command, commandTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String save(Session session) {
        state.checkSession(session);
        long now = now();
        String id = session.id();
        Long written;
        if (SessionAccess.isNew(session)) {
            List<String> args =
                    scriptArgs.times(now, 2 + 2 * session.attributes().size());
            args.add(Long.toString(session.createdAt().toEpochMilli()));
            args.add(Long.toString(now));
            session.attributes().forEach((name, value) -> {
                args.add(RedisScripts.ATTRIBUTE + name);
                args.add(value);
            });
            RedisScripts.ScriptArgs.withIndex(args, principalAttribute, id);
            written = call(
                    "first save", id, () -> eval(RedisScripts.PUT, ScriptOutputType.INTEGER, keys(keyBytes(id)), args));
        } else {
            Map<String, String> set = SessionAccess.changedAttributes(session);
            Set<String> removed = SessionAccess.removedAttributes(session);
            List<String> args = scriptArgs.times(now, 1 + 2 * set.size() + removed.size());
            args.add(Integer.toString(set.size()));
            set.forEach((name, value) -> {
                args.add(RedisScripts.ATTRIBUTE + name);
                args.add(value);
            });
            removed.forEach(name -> args.add(RedisScripts.ATTRIBUTE + name));
            RedisScripts.ScriptArgs.withIndex(args, principalAttribute, id);
            written = call(
                    "save", id, () -> eval(RedisScripts.DELTA, ScriptOutputType.INTEGER, keys(keyBytes(id)), args));
        }
        if (written != null && written == 1L) {
            boolean created = SessionAccess.isNew(session);
            String joined = created || SessionAccess.changedAttributes(session).containsKey(principalAttribute)
                    ? policy.principalOf(session).orElse(null)
                    : null;
            SessionAccess.markSaved(session, now);
            if (created) {
                events.publish(new SessionEvent.Created(
                        SessionIds.fingerprint(id), Optional.ofNullable(joined), Instant.ofEpochMilli(now)));
            }
            if (joined != null && maxPerPrincipal > 0) {
                enforceCap(joined, id, now);
            }
        }
        return id;
    }

    /**
     * Returns the session under a new ID, moved in one atomic script (RENAME) so the old ID stops resolving at once;
     * throws {@link StaleSessionException} when the record was already rotated, invalidated or has expired.
     * In a cluster the new ID is drawn so that its key carries the old key's hash tag: both keys live in one slot
     * and the move needs no cross-slot step (see {@link #key}).
     */
    @Override
    protected Session doChangeId(Session session) {
        long now = now();
        String oldId = session.id();
        String newId = cluster ? idWithTagOf(oldId) : SessionIds.generate();
        List<String> args = scriptArgs.times(now, 2);
        RedisScripts.ScriptArgs.withIndex(args, principalAttribute, newId);
        Long moved = call(
                "changeId",
                oldId,
                () -> eval(
                        RedisScripts.RENAME, ScriptOutputType.INTEGER, keys(keyBytes(oldId), keyBytes(newId)), args));
        if (moved == null || moved != RedisScripts.RENAMED) {
            // The script is atomic: of two rotations of one session exactly one moves it, and the other is told.
            throw moved != null && moved == RedisScripts.RENAME_EXPIRED
                    ? StaleSessionException.expired(NAME, SessionIds.fingerprint(oldId))
                    : StaleSessionException.rotatedOrEnded(NAME, SessionIds.fingerprint(oldId));
        }
        events.publish(new SessionEvent.Rotated(
                SessionIds.fingerprint(oldId),
                SessionIds.fingerprint(newId),
                policy.principalOf(session),
                Instant.ofEpochMilli(now)));
        return SessionAccess.withId(session, newId);
    }

    /**
     * Returns a fresh ID whose hash tag equals that of {@code oldId}: IDs are drawn until the first byte of their
     * SHA-256 matches, 256 draws on average (well under a millisecond, once per login). The new ID is as random as
     * any other: only its hash's first byte, which the key shows anyway, is shared.
     */
    static String idWithTagOf(String oldId) {
        byte tag = SessionIds.digest(oldId)[0];
        for (int attempt = 0; attempt < MAX_TAG_DRAWS; attempt++) {
            String candidate = SessionIds.generate();
            if (SessionIds.digest(candidate)[0] == tag) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no ID with hash tag " + tag + " in " + MAX_TAG_DRAWS + " draws; the random " + "generator is broken");
    }

    @Override
    protected void doInvalidate(Session session) {
        end(session.id(), SessionEvent.Cause.APPLICATION);
    }

    /** Deletes the session with its index entries and announces its end: the cause, or its expiry when it was past its deadline. */
    private void end(String id, SessionEvent.Cause cause) {
        long now = now();
        List<String> args = scriptArgs.times(now, 1);
        args.add(principalAttribute);
        List<Object> result = call(
                "invalidate",
                id,
                () -> eval(RedisScripts.INVALIDATE, ScriptOutputType.MULTI, keys(keyBytes(id)), args));
        if (absent(result)) {
            return;
        }
        String principal = String.valueOf(result.get(1));
        Optional<String> owner = principal.isEmpty() ? Optional.empty() : Optional.of(principal);
        Instant at = Instant.ofEpochMilli(now);
        String fingerprint = SessionIds.fingerprint(id);
        events.publish(
                Long.valueOf(1).equals(result.get(0))
                        ? new SessionEvent.Invalidated(fingerprint, owner, cause, at)
                        : new SessionEvent.Expired(fingerprint, owner, at));
    }

    /**
     * Returns the live sessions of the principal, read from its index in every hash-tag family: one script in all for
     * a single server, one per family (256) in a cluster, where the families live in different slots.
     */
    @Override
    public List<Session> sessionsOf(String principal) {
        state.checkPrincipal(principal);
        long now = now();
        List<Object> found = perFamily(
                "sessionsOf", RedisScripts.LIST, tag -> principalKey(tag, principal), principalArgs(now, principal));
        List<Session> live = new ArrayList<>(found.size() / 2);
        for (int i = 0; i + 1 < found.size(); i += 2) {
            String id = String.valueOf(found.get(i));
            @SuppressWarnings("unchecked")
            List<Object> fields = (List<Object>) found.get(i + 1);
            Record r = Record.parse(fields, id);
            live.add(SessionAccess.restore(id, r.created, r.accessed, r.attributes, policy));
        }
        return live;
    }

    /** Ends every session of the principal (one atomic script per family) and announces each end. */
    @Override
    public void invalidateAll(String principal) {
        state.checkPrincipal(principal);
        long now = now();
        List<Object> ended = perFamily(
                "invalidateAll",
                RedisScripts.END_ALL,
                tag -> principalKey(tag, principal),
                principalArgs(now, principal));
        Instant at = Instant.ofEpochMilli(now);
        for (int i = 0; i + 1 < ended.size(); i += 2) {
            String fingerprint = fingerprintOfDigest(String.valueOf(ended.get(i)));
            events.publish(
                    Long.valueOf(1).equals(ended.get(i + 1))
                            ? new SessionEvent.Invalidated(
                                    fingerprint, Optional.of(principal), SessionEvent.Cause.INVALIDATE_ALL, at)
                            : new SessionEvent.Expired(fingerprint, Optional.of(principal), at));
        }
    }

    /** Ends the least recently used sessions of the principal beyond the cap, keeping the one just saved. */
    private void enforceCap(String principal, String savedId, long now) {
        List<Session> others = new ArrayList<>(sessionsOf(principal));
        others.removeIf(s -> s.id().equals(savedId));
        int excess = others.size() + 1 - maxPerPrincipal;
        if (excess <= 0) {
            return;
        }
        others.sort(Comparator.comparing(Session::lastAccessedAt));
        for (Session s : others.subList(0, excess)) {
            end(s.id(), SessionEvent.Cause.CAP);
        }
    }

    private List<String> principalArgs(long now, String principal) {
        List<String> args = scriptArgs.times(now, 2);
        args.add(principalAttribute);
        args.add(principal);
        return args;
    }

    /** Returns the key prefix and hash tag of a family: {@code <prefix>{<tag>}}. */
    private String family(String tag) {
        return keyPrefix + "{" + tag + "}";
    }

    /** Returns the key of the principal's index in a family; the principal is hashed as the scripts hash it. */
    String principalKey(String tag, String principal) {
        return family(tag) + ":p:" + sha1Hex(principal);
    }

    /** Returns the key of a family's deadline index. */
    String deadlineKey(String tag) {
        return family(tag) + ":d";
    }

    private static String sha1Hex(String s) {
        try {
            return HEX.formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-1", e);
        }
    }

    /** Returns {@link SessionIds#fingerprint} of the ID whose SHA-256 in base64url is {@code digest}. */
    static String fingerprintOfDigest(String digest) {
        return HEX.formatHex(Base64.getUrlDecoder().decode(digest), 0, 6);
    }

    /** Runs the script over every family: once with all 256 keys on one server, once per family in a cluster. */
    private List<Object> perFamily(
            String operation,
            RedisScripts.Script script,
            java.util.function.Function<String, String> keyOf,
            List<String> args) {
        if (!cluster) {
            byte[][] keys =
                    TAGS.stream().map(keyOf).map(RedisSessionStore::ascii).toArray(byte[][]::new);
            return callAll(operation, () -> eval(script, ScriptOutputType.MULTI, keys, args));
        }
        List<Object> all = new ArrayList<>();
        for (String tag : TAGS) {
            List<Object> part =
                    callAll(operation, () -> eval(script, ScriptOutputType.MULTI, keys(ascii(keyOf.apply(tag))), args));
            if (part != null) {
                all.addAll(part);
            }
        }
        return all;
    }

    /** Returns what a call that concerns no single session returns; a client failure is a {@link SessionStoreException}. */
    private <T> T callAll(String operation, Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            state.checkOpen();
            throw new SessionStoreException(
                    NAME + ": " + operation + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns how many expired sessions this call reclaimed. Redis deletes a session itself when its TTL runs out;
     * the purge sweeps the deadline index of every family, claiming each due entry in the same script that removes
     * it, so that an expiry is announced once however many stores share the Redis. An entry whose finds slid its
     * deadline is put back under the real one. A find never returns a session past its deadline either way.
     */
    @Override
    public long purgeExpired() {
        state.checkOpen();
        long now = now();
        List<String> args = scriptArgs.times(now, 1);
        args.add(Integer.toString(PURGE_BATCH));
        long reclaimed = 0;
        if (!cluster) {
            byte[][] keys = TAGS.stream()
                    .map(this::deadlineKey)
                    .map(RedisSessionStore::ascii)
                    .toArray(byte[][]::new);
            long examined;
            do {
                List<Object> out =
                        callAll("purgeExpired", () -> eval(RedisScripts.PURGE, ScriptOutputType.MULTI, keys, args));
                examined = (Long) out.get(0);
                reclaimed += announceExpired(out, now);
            } while (examined >= PURGE_BATCH);
            return reclaimed;
        }
        for (String tag : TAGS) {
            long examined;
            do {
                List<Object> out = callAll(
                        "purgeExpired",
                        () -> eval(RedisScripts.PURGE, ScriptOutputType.MULTI, keys(ascii(deadlineKey(tag))), args));
                examined = (Long) out.get(0);
                reclaimed += announceExpired(out, now);
            } while (examined >= PURGE_BATCH);
        }
        return reclaimed;
    }

    /** Announces the expiry of each member a purge claimed (after the count in the first element); returns how many. */
    private long announceExpired(List<Object> out, long now) {
        Instant at = Instant.ofEpochMilli(now);
        for (int i = 1; i < out.size(); i++) {
            String member = String.valueOf(out.get(i));
            String digest = member.substring(0, Math.min(member.length(), RedisScripts.DIGEST_LENGTH));
            Optional<String> principal = member.length() > RedisScripts.DIGEST_LENGTH + 1
                    ? Optional.of(member.substring(RedisScripts.DIGEST_LENGTH + 1))
                    : Optional.empty();
            events.publish(new SessionEvent.Expired(fingerprintOfDigest(digest), principal, at));
        }
        return out.size() - 1;
    }

    @Override
    public void close() {
        if (state.close()) {
            purger.close();
            events.close();
            try {
                connection.close();
            } finally {
                shutdown(client, ownedResources);
            }
        }
    }

    /**
     * Returns the Redis key of a session ID: the prefix, a hash tag of the first byte of the ID's SHA-256 in hex, then
     * the whole SHA-256 in base64url. The tag spreads sessions over 256 slots (enough to balance any cluster) and
     * lets {@link #changeId} keep a session in its slot.
     */
    String key(String id) {
        return new String(keyBytes(id), StandardCharsets.US_ASCII);
    }

    /** Returns {@link #key} as the bytes sent, built without intermediate strings. */
    byte[] keyBytes(String id) {
        MessageDigest sha = SHA256.get();
        for (int i = 0, n = id.length(); i < n; i++) {
            sha.update((byte) id.charAt(i)); // a well-formed ID is ASCII
        }
        byte[] digest = sha.digest();
        int p = keyPrefixBytes.length;
        byte[] key = new byte[p + KEY_SUFFIX];
        System.arraycopy(keyPrefixBytes, 0, key, 0, p);
        key[p++] = '{';
        key[p++] = HEX_DIGITS[(digest[0] >> 4) & 0xF];
        key[p++] = HEX_DIGITS[digest[0] & 0xF];
        key[p++] = '}';
        int i = 0;
        for (; i + 3 <= digest.length; i += 3) {
            int bits = (digest[i] & 0xFF) << 16 | (digest[i + 1] & 0xFF) << 8 | (digest[i + 2] & 0xFF);
            key[p++] = BASE64URL_DIGITS[bits >>> 18];
            key[p++] = BASE64URL_DIGITS[(bits >>> 12) & 0x3F];
            key[p++] = BASE64URL_DIGITS[(bits >>> 6) & 0x3F];
            key[p++] = BASE64URL_DIGITS[bits & 0x3F];
        }
        // 32 bytes: 30 in ten groups of three, then two, which base64url without padding writes as three digits
        int bits = (digest[i] & 0xFF) << 16 | (digest[i + 1] & 0xFF) << 8;
        key[p++] = BASE64URL_DIGITS[bits >>> 18];
        key[p++] = BASE64URL_DIGITS[(bits >>> 12) & 0x3F];
        key[p] = BASE64URL_DIGITS[(bits >>> 6) & 0x3F];
        return key;
    }

    /** Returns the key prefix. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Returns true when this store talks to a Redis Cluster. */
    public boolean isCluster() {
        return cluster;
    }

    @Override
    public String toString() {
        return NAME + "[" + (cluster ? "cluster, " : "") + "prefix " + keyPrefix + "]";
    }

    private long now() {
        return policy.clock().millis();
    }

    /** Returns true for a script's nil, which Lettuce's MULTI output gives as an empty list or a list of one null. */
    private static boolean absent(List<Object> fields) {
        return fields == null || fields.isEmpty() || fields.get(0) == null;
    }

    private static byte[][] keys(byte[]... keys) {
        return keys;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the script's result: EVALSHA, and EVAL (which also caches it) when Redis lost its script cache. */
    private <T> T eval(RedisScripts.Script script, ScriptOutputType type, byte[][] keys, List<String> args) {
        String[] values = args.toArray(String[]::new);
        try {
            return redis.evalsha(script.sha(), type, keys, values);
        } catch (RedisNoScriptException e) {
            return redis.eval(script.source(), type, keys, values);
        }
    }

    /** Returns what the Redis call returns; turns any client failure into a {@link SessionStoreException}. */
    private <T> T call(String operation, String id, Supplier<T> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            throw failure(operation, id, e);
        }
    }

    /** Returns the exception of a failed call about one session; throws the closed store's own when it is closed. */
    private SessionStoreException failure(String operation, String id, RuntimeException e) {
        state.checkOpen();
        return new SessionStoreException(
                NAME + ": " + operation + " of session " + SessionIds.fingerprint(id) + " failed: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    private static SessionStoreException corrupt(String id) {
        return new SessionStoreException(NAME + ": the record of session " + SessionIds.fingerprint(id)
                + " is corrupt (no valid creation or access time)");
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        try {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            if (resources != null) {
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    /** Logs a warning when a password is configured and Lettuce's wire dump, which would show it, is on. */
    private static void warnWhenTheWireIsLogged(List<RedisURI> uris) {
        boolean password = uris.stream().anyMatch(u -> passwordOf(u) != null);
        if (password && InternalLoggerFactory.getInstance(WIRE_LOGGER).isTraceEnabled()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "TRACE logging of " + WIRE_LOGGER + " writes every byte sent to "
                            + "Redis, the password of the connection handshake included; turn it off outside a test");
        }
    }

    /** Redis's error replies to a missing or wrong password (WRONGPASS and NOAUTH since 6, ERR before). */
    private static final List<String> AUTH_REPLIES =
            List.of("WRONGPASS", "NOAUTH", "ERR invalid password", "ERR AUTH", "ERR Client sent AUTH");

    /** Returns Redis's reply that refused the credentials, from anywhere in the cause chain, or null. */
    static String authenticationRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                for (String reply : AUTH_REPLIES) {
                    int at = m.indexOf(reply);
                    if (at >= 0) {
                        return m.substring(at);
                    }
                }
            }
        }
        return null;
    }

    /** Returns the message with every configured password replaced by ***, should a server or client echo one. */
    private static String scrub(String message, List<RedisURI> uris) {
        String s = message;
        for (RedisURI u : uris) {
            char[] password = passwordOf(u);
            if (password != null) {
                s = s.replace(new String(password), "***");
            }
        }
        return s;
    }

    /**
     * Returns the URI's password, or null when it has none or its credentials are not known up front (a provider
     * that resolves them later, given through the builder, cannot have put them in a message of ours either).
     */
    static char[] passwordOf(RedisURI uri) {
        if (uri.getCredentialsProvider() instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider known) {
            RedisCredentials credentials = known.resolveCredentialsNow();
            if (credentials != null && credentials.hasPassword() && credentials.getPassword().length > 0) {
                return credentials.getPassword();
            }
        }
        return null;
    }

    private static String describe(List<RedisURI> uris) {
        List<String> parts = new ArrayList<>();
        for (RedisURI u : uris) {
            parts.add(u.getHost() + ":" + u.getPort());
        }
        return String.join(",", parts);
    }

    /** The fields of a session hash as HGETALL returns them. */
    private record Record(long created, long accessed, Map<String, String> attributes) {
        static Record parse(List<Object> fields, String id) {
            Long created = null;
            Long accessed = null;
            Map<String, String> attributes = new HashMap<>(Math.max(4, fields.size()));
            try {
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    String field = String.valueOf(fields.get(i));
                    String value = String.valueOf(fields.get(i + 1));
                    if (field.startsWith(RedisScripts.ATTRIBUTE)) {
                        attributes.put(field.substring(RedisScripts.ATTRIBUTE.length()), value);
                    } else if (field.equals(RedisScripts.CREATED)) {
                        created = Long.parseLong(value);
                    } else if (field.equals(RedisScripts.ACCESSED)) {
                        accessed = Long.parseLong(value);
                    }
                }
            } catch (NumberFormatException e) {
                created = null;
            }
            if (created == null || accessed == null || fields.size() % 2 != 0) {
                throw corrupt(id);
            }
            return new Record(created, accessed, attributes);
        }
    }

    /**
     * Builds a {@link RedisSessionStore}. Defaults: {@code redis://127.0.0.1:6379/0}, {@link SessionPolicy#defaults()},
     * prefix {@value #DEFAULT_KEY_PREFIX}, the timeouts and bounds named by the store's constants.
     */
    public static final class Builder {
        private SessionPolicy policy = SessionPolicy.defaults();
        private List<RedisURI> nodes = List.of(RedisURI.create("redis://127.0.0.1:6379"));
        private boolean cluster;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
        private int requestQueueSize = DEFAULT_REQUEST_QUEUE_SIZE;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private ClientResources resources;
        private final List<CommandListener> listeners = new ArrayList<>();

        private Builder() {}

        /** Sets the one Redis server, for example {@code RedisURI.create("redis://:secret@host:6379/2")}. */
        public Builder server(RedisURI uri) {
            Objects.requireNonNull(uri, "Redis URI must not be null");
            this.nodes = List.of(uri);
            this.cluster = false;
            return this;
        }

        /** Sets the seed nodes of a Redis Cluster; the client discovers the rest. */
        public Builder cluster(List<RedisURI> seeds) {
            Objects.requireNonNull(seeds, "cluster seed list must not be null");
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
            }
            for (RedisURI seed : seeds) {
                Objects.requireNonNull(seed, "cluster seed must not be null");
                if (seed.getDatabase() != 0) {
                    throw new IllegalArgumentException("Redis Cluster has only database 0, not " + seed.getDatabase());
                }
            }
            this.nodes = List.copyOf(seeds);
            this.cluster = true;
            return this;
        }

        /** Sets the policy (timeouts, clock, limits). */
        public Builder policy(SessionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Sets the key prefix: up to {@value #MAX_KEY_PREFIX_LENGTH} printable ASCII characters without spaces or
         * braces (a brace would change the cluster hash tag).
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = checkPrefix(prefix);
            return this;
        }

        /** Sets how long a command may wait for Redis before it fails with a {@link SessionStoreException}. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("command timeout", timeout);
            return this;
        }

        /** Sets how long one connection attempt may take. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connect timeout", timeout);
            return this;
        }

        /** Sets the longest wait between reconnection attempts; ignored with {@link #clientResources}. */
        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = positive("max reconnect delay", delay);
            return this;
        }

        /** Sets how many commands may be queued in the connection before more are refused (1 to 1,000,000). */
        public Builder requestQueueSize(int size) {
            if (size < 1 || size > 1_000_000) {
                throw new IllegalArgumentException("request queue size must be from 1 to 1000000, was " + size);
            }
            this.requestQueueSize = size;
            return this;
        }

        /** Sets how often a background thread purges (and announces) expired sessions; zero turns it off. */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = BackgroundPurge.checkInterval(interval);
            return this;
        }

        /** Shares Lettuce resources (event loops) between clients; the store then does not shut them down. */
        public Builder clientResources(ClientResources resources) {
            this.resources = Objects.requireNonNull(resources, "client resources must not be null");
            return this;
        }

        /** Adds a listener of every command sent, for metrics or tracing. */
        public Builder commandListener(CommandListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "command listener must not be null"));
            return this;
        }

        /** Returns an open store; throws {@link SessionStoreException} when Redis cannot be reached. */
        public RedisSessionStore build() {
            return new RedisSessionStore(this);
        }

        List<RedisURI> nodes() {
            return nodes;
        }

        boolean isCluster() {
            return cluster;
        }

        String keyPrefix() {
            return keyPrefix;
        }

        Duration commandTimeout() {
            return commandTimeout;
        }

        Duration connectTimeout() {
            return connectTimeout;
        }

        int requestQueueSize() {
            return requestQueueSize;
        }

        static String checkPrefix(String prefix) {
            Objects.requireNonNull(prefix, "key prefix must not be null");
            if (prefix.length() > MAX_KEY_PREFIX_LENGTH) {
                throw new IllegalArgumentException("key prefix has " + prefix.length()
                        + " characters, over the limit of " + MAX_KEY_PREFIX_LENGTH);
            }
            for (int i = 0; i < prefix.length(); i++) {
                char ch = prefix.charAt(i);
                if (ch <= ' ' || ch >= 127 || ch == '{' || ch == '}') {
                    throw new IllegalArgumentException(
                            "key prefix '" + prefix + "' has a character not allowed at index " + i
                                    + "; allowed: printable ASCII without spaces or braces, such as app:sessions:");
                }
            }
            return prefix;
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, () -> what + " must not be null");
            if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
                throw new IllegalArgumentException(what + " must be at least 1 ms, was " + d);
            }
            return d;
        }
    }
}
