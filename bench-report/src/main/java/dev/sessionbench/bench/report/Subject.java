package dev.sessionbench.bench.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * Everything the suite measures, named as in the JMH {@code subject} parameter: our strategies, the peer libraries,
 * and the raw limits of each backend. The report reads the same names back from the JSON to compute, for every
 * strategy, its ratio to the raw limit of its backend and to its peer measured in the same run.
 */
public enum Subject {
    // our strategies, opened by URI through SessionStores
    MEMORY(
            "memory",
            Kind.STRATEGY,
            Family.MEMORY,
            "raw-chm",
            "spring-map",
            "this project's in-heap store (`memory:`): a `ConcurrentHashMap` and a deadline index for the purge"),
    MAPDB(
            "mapdb",
            Kind.STRATEGY,
            Family.MAPDB,
            "raw-mapdb-wal",
            null,
            "this project's MapDB file store, crash-safe default: a save, changeId or invalidate is on disk when it"
                    + " returns"),
    MAPDB_BATCHED(
            "mapdb-batched",
            Kind.STRATEGY,
            Family.MAPDB,
            "raw-mapdb",
            null,
            "the MapDB store with `durability=batched`: writes committed every 100 ms, which a crash may lose"),
    REDIS(
            "redis",
            Kind.STRATEGY,
            Family.REDIS,
            "raw-lettuce",
            "spring-redis",
            "this project's Redis store (Lettuce): one hash per session, every write one atomic script; a"
                    + " lookup is one HGETALL, and moves the last access and the key's TTL once per 1/64 of the idle"
                    + " timeout"),
    REDIS_CLUSTER(
            "redis-cluster",
            Kind.STRATEGY,
            Family.REDIS,
            null,
            null,
            "the Redis store on a three-master Redis Cluster (`redis://<seeds>?cluster=true`): what routing each"
                    + " key to its slot's master costs"),
    TOKEN(
            "token",
            Kind.STRATEGY,
            Family.TOKEN,
            "raw-jjwt",
            null,
            "this project's stateless signed token (`token:`, HS256 with jjwt): the client carries the session"),
    TOKEN_REVOCABLE(
            "token-revocable",
            Kind.STRATEGY,
            Family.TOKEN,
            "raw-jjwt",
            null,
            "the token store with an in-memory denylist (`token:?revocation=memory`), checked on every lookup"),
    // peers: the session libraries people use today
    SPRING_MAP(
            "spring-map",
            Kind.PEER,
            Family.MEMORY,
            "raw-chm",
            null,
            "Spring Session's `MapSessionRepository` on a `ConcurrentHashMap`; its `findById` copies the session"
                    + " and records the access only at the save that ends a request"),
    SPRING_REDIS(
            "spring-redis",
            Kind.PEER,
            Family.REDIS,
            "raw-lettuce",
            null,
            "Spring Session's `RedisSessionRepository` (Lettuce, JDK serialization) on the same Redis; its"
                    + " `findById` is one `HGETALL` that does not move the idle deadline: a lookup does less than"
                    + " `redis`'s, which writes the access"),
    // raw limits of the backends
    RAW_CHM(
            "raw-chm",
            Kind.RAW,
            Family.MEMORY,
            null,
            null,
            "`ConcurrentHashMap` get, put and remove of a session-shaped key and value: no expiry, checks or copy"),
    RAW_MAPDB(
            "raw-mapdb",
            Kind.RAW,
            Family.MAPDB,
            null,
            null,
            "the store's own MapDB structure (a `BTreeMap` of key bytes to a record of the session's size) on its"
                    + " journaled file and page cache, no commit"),
    RAW_MAPDB_WAL(
            "raw-mapdb-wal",
            Kind.RAW,
            Family.MAPDB,
            null,
            null,
            "the same structure with a commit (the journal's one fsync) after every write"),
    RAW_FSYNC(
            "raw-fsync",
            Kind.RAW,
            Family.MAPDB,
            null,
            null,
            "one 4 KiB page written and forced (`FileChannel.force`) in the MapDB file's directory per write (two"
                    + " per create, which ends an older session too): the floor under any crash-safe write"),
    RAW_LETTUCE(
            "raw-lettuce",
            Kind.RAW,
            Family.REDIS,
            null,
            null,
            "one synchronous Lettuce command per operation (GET; SET with PX) on a string of the session's size"),
    RAW_LETTUCE_HASH(
            "raw-lettuce-hash",
            Kind.RAW,
            Family.REDIS,
            null,
            null,
            "one synchronous Lettuce command per operation on a hash of the session's size (HGETALL; HSET)"),
    RAW_JJWT(
            "raw-jjwt",
            Kind.RAW,
            Family.TOKEN,
            null,
            null,
            "jjwt's own parse-and-verify and build-and-sign of an HS256 token with the same claims, no checks"),
    RAW_HMAC(
            "raw-hmac",
            Kind.RAW,
            Family.TOKEN,
            null,
            null,
            "one `HmacSHA256` over the bytes jjwt signs, and a constant-time compare: the floor under any token"),
    RAW_SECURE_RANDOM(
            "raw-securerandom",
            Kind.RAW,
            Family.IDS,
            null,
            null,
            "32 bytes from a per-thread `SecureRandom` (the JDK's DRBG), the floor under every session ID");

    /** What a subject is in the report. */
    public enum Kind {
        STRATEGY,
        PEER,
        RAW
    }

    /** The backend a subject runs on; ratios are taken within one family. */
    public enum Family {
        MEMORY,
        MAPDB,
        REDIS,
        TOKEN,
        IDS
    }

    private final String label;
    private final Kind kind;
    private final Family family;
    private final String baseline;
    private final String peer;
    private final String description;

    Subject(String label, Kind kind, Family family, String baseline, String peer, String description) {
        this.label = label;
        this.kind = kind;
        this.family = family;
        this.baseline = baseline;
        this.peer = peer;
        this.description = description;
    }

    /** Returns the name used in the JMH {@code subject} parameter and in reports. */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public Family family() {
        return family;
    }

    /** Returns the raw limit this subject is compared with in the same operation, if it has one. */
    public Optional<Subject> baseline() {
        return Optional.ofNullable(baseline).map(Subject::of);
    }

    /** Returns the peer library this subject is compared with in the same operation, if it has one. */
    public Optional<Subject> peer() {
        return Optional.ofNullable(peer).map(Subject::of);
    }

    /** Returns what this subject is, in a phrase for the report (Markdown). */
    public String description() {
        return description;
    }

    /** Returns the subject with this label; throws {@link IllegalArgumentException} listing the labels otherwise. */
    public static Subject of(String label) {
        for (Subject s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown subject '" + label + "'; known: "
                + Arrays.stream(values()).map(Subject::label).toList());
    }
}
