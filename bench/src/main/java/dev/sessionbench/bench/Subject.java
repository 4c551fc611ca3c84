package dev.sessionbench.bench;

import java.util.Arrays;
import java.util.Optional;

/**
 * Everything the suite measures, named as in the JMH {@code subject} parameter: our strategies, the peer libraries,
 * and the raw limits of each backend. The report reads the same names back from the JSON to compute, for every
 * strategy, its ratio to the raw limit of its backend and to its peer measured in the same run.
 */
public enum Subject {
    // our strategies, opened by URI through SessionStores
    MEMORY("memory", Kind.STRATEGY, Family.MEMORY, "raw-chm", "spring-map"),
    MAPDB("mapdb", Kind.STRATEGY, Family.MAPDB, "raw-mapdb-wal", null),
    MAPDB_BATCHED("mapdb-batched", Kind.STRATEGY, Family.MAPDB, "raw-mapdb", null),
    REDIS("redis", Kind.STRATEGY, Family.REDIS, "raw-lettuce", "spring-redis"),
    TOKEN("token", Kind.STRATEGY, Family.TOKEN, "raw-jjwt", null),
    TOKEN_REVOCABLE("token-revocable", Kind.STRATEGY, Family.TOKEN, "raw-jjwt", null),
    // peers: the session libraries people use today
    SPRING_MAP("spring-map", Kind.PEER, Family.MEMORY, "raw-chm", null),
    SPRING_REDIS("spring-redis", Kind.PEER, Family.REDIS, "raw-lettuce", null),
    // raw limits of the backends
    RAW_CHM("raw-chm", Kind.RAW, Family.MEMORY, null, null),
    RAW_MAPDB("raw-mapdb", Kind.RAW, Family.MAPDB, null, null),
    RAW_MAPDB_WAL("raw-mapdb-wal", Kind.RAW, Family.MAPDB, null, null),
    RAW_LETTUCE("raw-lettuce", Kind.RAW, Family.REDIS, null, null),
    RAW_LETTUCE_HASH("raw-lettuce-hash", Kind.RAW, Family.REDIS, null, null),
    RAW_JJWT("raw-jjwt", Kind.RAW, Family.TOKEN, null, null),
    RAW_HMAC("raw-hmac", Kind.RAW, Family.TOKEN, null, null),
    RAW_SECURE_RANDOM("raw-securerandom", Kind.RAW, Family.IDS, null, null);

    /** What a subject is in the report. */
    public enum Kind { STRATEGY, PEER, RAW }

    /** The backend a subject runs on; ratios are taken within one family. */
    public enum Family { MEMORY, MAPDB, REDIS, TOKEN, IDS }

    private final String label;
    private final Kind kind;
    private final Family family;
    private final String baseline;
    private final String peer;

    Subject(String label, Kind kind, Family family, String baseline, String peer) {
        this.label = label;
        this.kind = kind;
        this.family = family;
        this.baseline = baseline;
        this.peer = peer;
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
