package dev.sessionbench.bench;

import dev.sessionbench.bench.adapter.Adapter;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.net.NetworkPath;
import dev.sessionbench.bench.net.NetworkSpec;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.HostileInputs;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The subject under test with {@code liveSessions} live sessions of the {@code payload} size, and the values the
 * measured methods present, all made before the measurement with a fixed seed. Shared by the threads of a run.
 */
@State(Scope.Benchmark)
public class Sessions extends SubjectParams {

    /** The subjects that can run through a {@link #network} other than {@code direct}: one Redis server each. */
    public static final Set<Subject> NETWORKED =
            EnumSet.of(Subject.REDIS, Subject.SPRING_REDIS, Subject.RAW_LETTUCE, Subject.RAW_LETTUCE_HASH);

    /** Size of every pick table; a thread walks it with a masked counter. */
    public static final int PICKS = 1 << 16;

    public static final int MASK = PICKS - 1;

    /**
     * The network between a Redis subject and Redis: {@code direct}, {@code proxy-<rtt>} or {@code rtt-<rtt>}
     * (netem where the kernel has it, else the proxy), e.g. {@code proxy-0us}, {@code rtt-200us}, {@code rtt-1ms}.
     * Other subjects have only {@code direct}.
     */
    @Param(NetworkSpec.DIRECT_LABEL)
    public String network;

    public Adapter adapter;
    public Payload size;
    /** The client value of every live session, in seeding order. */
    public String[] values;
    /**
     * Values of live sessions picked at random, for lookups and saves; each a copy with characters of its own, as a
     * value parsed from a request is (see {@link #asPresented}).
     */
    public String[] hits;
    /** Well-formed values that name no session. */
    public String[] misses;
    /** Malformed values: wrong length, wrong characters, glob and path characters, far too long. */
    public String[] malformed;
    /** New attribute values of the payload's length, for saves. */
    public String[] newValues;

    /** The way to Redis of a networked subject, or null when direct. */
    private NetworkPath path;

    private final AtomicInteger threadIndex = new AtomicInteger();
    private final AtomicInteger cursors = new AtomicInteger();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> pendingDiscards =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private int threads = 1;
    private boolean closed;

    /**
     * Returns a copy of {@code value} with its own characters. A request's cookie value is never the very String the
     * store keeps as its key; handing back that same instance would let a hash map's lookup succeed on identity,
     * without reading a character, which no real lookup can do.
     */
    static String asPresented(String value) {
        return new String(value.toCharArray());
    }

    /** Opens the subject, fails at once when it has no such operation, and seeds the live sessions. */
    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        Operation op = Operation.ofMethod(params.getBenchmark());
        open(op, SessionPolicy.defaults(), params.getThreads());
    }

    /** Opens for {@code op} with {@code policy} for one thread; the tests call it directly. */
    public void open(Operation op, SessionPolicy policy) {
        open(op, policy, 1);
    }

    /** Opens for {@code op} with {@code policy}, to be shared by {@code threads} threads. */
    public void open(Operation op, SessionPolicy policy, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        Subject s = Subject.of(subject);
        size = Payload.of(payload);
        if (liveSessions < 1) {
            throw new IllegalArgumentException("liveSessions must be at least 1, was " + liveSessions);
        }
        adapter = openAdapter(s, policy);
        if (!adapter.operations().contains(op)) {
            UnsupportedOperationException e = adapter.unsupported(op);
            close();
            throw e;
        }
        SplittableRandom random = new SplittableRandom(Seeding.SEED);
        boolean needsValues = switch (op) {
            case CREATE -> adapter.holdsSessions();
            case EXPIRY, LOOKUP_MALFORMED -> false;
            default -> true;
        };
        if (needsValues) {
            List<Map<String, String>> attributes = Seeding.attributes(liveSessions, size, Seeding.SEED);
            adapter.bulkLoad(() -> values = Seeding.seed(adapter, attributes));
            hits = new String[PICKS];
            for (int i = 0; i < PICKS; i++) {
                hits[i] = asPresented(values[random.nextInt(values.length)]);
            }
        }
        if (op == Operation.LOOKUP_MISS) {
            misses = new String[1024];
            for (int i = 0; i < misses.length; i++) {
                misses[i] = adapter.unknownValue();
            }
        }
        if (op == Operation.LOOKUP_MALFORMED) {
            malformed = HostileInputs.clientValues().stream()
                    .map(HostileInputs.Input::value)
                    .filter(Objects::nonNull)
                    .toArray(String[]::new);
        }
        newValues = new String[1024];
        for (int i = 0; i < newValues.length; i++) {
            newValues[i] = size.value(random);
        }
    }

    /** Returns the subject's adapter, its Redis clients through the {@link #network} asked for. */
    private Adapter openAdapter(Subject s, SessionPolicy policy) {
        NetworkSpec spec = NetworkSpec.parse(network);
        if (spec.isDirect()) {
            return Adapters.open(s, policy);
        }
        if (!NETWORKED.contains(s)) {
            throw new IllegalArgumentException("network " + spec + " applies to "
                    + NETWORKED.stream().map(Subject::label).toList() + ", not to " + s.label());
        }
        path = NetworkPath.open(spec, RedisEndpoint.parse(Adapters.redisUrl()));
        System.out.println("network " + path);
        try {
            return Adapters.open(s, policy, null, null, path.endpoint().url());
        } catch (RuntimeException e) {
            path.close();
            path = null;
            throw e;
        }
    }

    /** Returns this thread's share of the live sessions, disjoint from the other threads' shares. */
    public String[] slice() {
        int t = threadIndex.getAndIncrement() % threads;
        int per = values.length / threads;
        String[] mine = new String[Seeding.floorPowerOfTwo(Math.max(1, per))];
        System.arraycopy(values, Math.min(t * per, values.length - mine.length), mine, 0, mine.length);
        return mine;
    }

    /** Returns where a new thread starts in the pick tables, so that threads do not walk in step. */
    public int nextStart() {
        return cursors.getAndIncrement() * 7919;
    }

    /**
     * Not measured: queues sessions a thread created for removal after the iteration. Nothing is removed here: the
     * crash-safe MapDB store removes in bulk by reopening its file, which other threads still running their last
     * call of the iteration must not see.
     */
    public void discard(java.util.Collection<String> created) {
        pendingDiscards.addAll(created);
    }

    /**
     * Not measured: removes the queued sessions once every thread has finished the iteration (JMH runs a
     * benchmark-scope iteration teardown after all threads). What a thread queues after it is removed after the
     * next iteration, or by the close.
     */
    @TearDown(Level.Iteration)
    public synchronized void discardPending() {
        List<String> batch = new ArrayList<>();
        for (String v; (v = pendingDiscards.poll()) != null; ) {
            batch.add(v);
        }
        if (!closed && !batch.isEmpty()) {
            // the crash-safe MapDB store discards through its batched mode: one sync, not one per session
            adapter.bulkLoad(() -> Seeding.discard(adapter, batch));
        }
    }

    /** Closes the subject and deletes what it stored. */
    @TearDown(Level.Trial)
    public synchronized void close() {
        closed = true;
        try {
            if (adapter != null) {
                adapter.close();
            }
        } finally {
            if (path != null) {
                path.close();
                path = null;
            }
        }
    }
}
