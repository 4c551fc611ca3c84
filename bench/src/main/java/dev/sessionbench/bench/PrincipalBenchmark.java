package dev.sessionbench.bench;

import dev.sessionbench.bench.adapter.Adapter;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the sessions of a user cost: a save of a new session with a principal (the store indexes it) against one
 * without; {@code invalidateAll} of a user with {@code sessionsPerUser} sessions; and the purge sweep per reclaimed
 * session (on Redis, a claim from the deadline index of every hash-tag family). Logging out and purging remove what
 * they measure, so each invocation works on a batch that a per-invocation setup stored just before (not measured):
 * {@value #USERS} users for invalidateAll, {@value #PURGE_BATCH} sessions for the purge, which keeps the timer's
 * own cost small (JMH sample 38). That setup is honest only when nothing else runs meanwhile, so
 * {@code invalidateAll} and {@code purgeSweep} run at 1 thread only (they fail at setup above; the plan does not run
 * this class, its command below uses 1 thread). The clock is one the benchmark moves, so a purge finds exactly its
 * batch expired.
 * Subjects: our stores only (a token store has no index: its saves still run, its invalidateAll needs
 * {@code token-revocable}, it has nothing to purge).
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'PrincipalBenchmark' -p subject=memory,mapdb,redis
 * -p sessionsPerUser=1,10,100 -t 1 -f 1 -wi 3 -w 2s -i 5 -r 1s -rf json}; the purge alone:
 * {@code java -jar bench/target/benchmarks.jar 'PrincipalBenchmark.purgeSweep' -p subject=redis}, with the suite's
 * {@link BenchmarkDefaults} settings.
 */
public class PrincipalBenchmark extends BenchmarkDefaults {

    /** Users logged out everywhere per invocation. */
    public static final int USERS = 10;
    /** Sessions that expire before each measured purge. */
    public static final int PURGE_BATCH = 100;
    /** Distinct principals the save benchmarks spread over. */
    static final int PRINCIPALS = 1024;
    /** Where the benchmark clock starts. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The subject on a clock the benchmark moves. */
    @State(Scope.Benchmark)
    public static class Subject {
        @Param("memory")
        public String subject;

        public Adapter adapter;
        public MutableClock clock;
        public SessionPolicy policy;

        @Setup(Level.Trial)
        public void open() {
            clock = new MutableClock(START);
            policy = SessionPolicy.defaults().withClock(clock);
            adapter = Adapters.open(dev.sessionbench.bench.report.Subject.of(subject), policy);
        }

        @TearDown(Level.Trial)
        public void close() {
            adapter.close();
        }
    }

    /** The sessions one thread saved in an iteration, removed after it so that the live set does not grow. */
    @State(Scope.Thread)
    public static class Saved {
        final List<String> values = new ArrayList<>();
        int next;

        @TearDown(Level.Iteration)
        public void discard(Subject s) {
            s.adapter.discard(values);
            values.clear();
        }
    }

    /** {@value #USERS} users, each with {@code sessionsPerUser} sessions, stored before each invocation. */
    @State(Scope.Thread)
    public static class Users {
        @Param({"1", "10", "100"})
        public int sessionsPerUser;

        final String[] principals = new String[USERS];
        int round;

        @Setup(Level.Trial)
        public void oneThreadOnly(BenchmarkParams params) {
            BenchmarkDefaults.requireOneThread(params.getBenchmark(), params.getThreads());
        }

        @Setup(Level.Invocation)
        public void logIn(Subject s) {
            round++;
            for (int u = 0; u < USERS; u++) {
                principals[u] = "user-" + round + "-" + u;
                for (int i = 0; i < sessionsPerUser; i++) {
                    s.adapter.createWithPrincipal(principals[u], "cart", "1");
                }
            }
        }
    }

    /** {@value #PURGE_BATCH} sessions stored, then the clock moved past their deadline, before each invocation. */
    @State(Scope.Thread)
    public static class Expiring {
        @Setup(Level.Trial)
        public void oneThreadOnly(BenchmarkParams params) {
            BenchmarkDefaults.requireOneThread(params.getBenchmark(), params.getThreads());
        }

        @Setup(Level.Invocation)
        public void expire(Subject s) {
            for (int i = 0; i < PURGE_BATCH; i++) {
                s.adapter.createWithPrincipal("user" + (i % PRINCIPALS), "cart", "1");
            }
            s.clock.advance(s.policy.idleTimeout().plus(Duration.ofMillis(1)));
        }
    }

    /** Returns the client value of a new session of one of {@value #PRINCIPALS} users. */
    @Benchmark
    public String saveWithPrincipal(Subject s, Saved saved) {
        String value = s.adapter.createWithPrincipal("user" + (saved.next++ & (PRINCIPALS - 1)), "cart", "1");
        saved.values.add(value);
        return value;
    }

    /** Returns the client value of a new session without a principal: the baseline of {@link #saveWithPrincipal}. */
    @Benchmark
    public String saveWithoutPrincipal(Subject s, Saved saved) {
        String value = s.adapter.create("cart", "1");
        saved.values.add(value);
        return value;
    }

    /** Logs {@value #USERS} users out everywhere; each has {@code sessionsPerUser} sessions. */
    @Benchmark
    @OperationsPerInvocation(USERS)
    public void invalidateAll(Subject s, Users users) {
        for (String principal : users.principals) {
            s.adapter.invalidateAll(principal);
        }
    }

    /** Returns how many sessions the purge reclaimed: {@value #PURGE_BATCH}, all expired just before. */
    @Benchmark
    @OperationsPerInvocation(PURGE_BATCH)
    public long purgeSweep(Subject s, Expiring expiring) {
        return s.adapter.purgeExpired();
    }
}
