package dev.sessionbench.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A login and, in steady state, the logout of an earlier session: each operation creates a session (a fresh ID
 * from a secure generator), sets one attribute and saves it, into a subject that already holds
 * {@code liveSessions} sessions, then ends the oldest of the last {@value #CREATED_PER_THREAD} sessions its thread
 * created ({@link dev.sessionbench.bench.adapter.Adapter#retire}: find and invalidate on our stores and Spring's,
 * remove on {@code raw-chm} and {@code raw-mapdb}, UNLINK on {@code raw-lettuce}, one more forced page on
 * {@code raw-fsync}). Both halves are timed, so the score is the rate at which a subject takes logins while its
 * live set stays at {@code liveSessions} plus {@value #CREATED_PER_THREAD} per thread, at any thread count: no
 * thread removes anything while the others are measured, and the CPU and allocation per operation cover exactly
 * what the score counts. The first {@value #CREATED_PER_THREAD} operations of a thread (in the warm-up) only
 * create. Subjects that hold no session ({@code token}, {@code token-revocable}, {@code raw-jjwt},
 * {@code raw-hmac}: a signature; {@code raw-securerandom}: the 32 random bytes every ID costs) have nothing to end,
 * so their operation is the create alone.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'CreateBenchmark.create'
 * -p subject=memory,spring-map,raw-chm,raw-securerandom -p liveSessions=100000 -t 2 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
public class CreateBenchmark extends BenchmarkDefaults {

    /** How many of its own sessions one thread keeps live; each create beyond them ends the oldest. */
    static final int CREATED_PER_THREAD = 1024;

    /** The last {@value #CREATED_PER_THREAD} sessions one thread created, oldest first; kept across iterations. */
    @State(Scope.Thread)
    public static class Created {
        final String[] ring = new String[CREATED_PER_THREAD];
        /** Sessions created so far; {@code count % CREATED_PER_THREAD} is the slot of the oldest once full. */
        long count;

        /** Returns the session {@code value} replaces in the ring (the oldest), or null while the ring fills. */
        String replaceOldest(String value) {
            int slot = (int) (count++ % CREATED_PER_THREAD);
            String oldest = ring[slot];
            ring[slot] = value;
            return oldest;
        }

        /** Returns the sessions the ring holds, still live. */
        List<String> live() {
            List<String> live = new ArrayList<>(CREATED_PER_THREAD);
            for (String v : ring) {
                if (v != null) {
                    live.add(v);
                }
            }
            return live;
        }

        /** Not measured: queues what the ring still holds for the subject's bulk removal (the close deletes it too). */
        @TearDown(Level.Trial)
        public void discard(Sessions s) {
            if (s.adapter.holdsSessions()) {
                s.discard(live());
            }
            Arrays.fill(ring, null);
            count = 0;
        }
    }

    /** Returns the client value of the new session, after ending the thread's oldest one in steady state. */
    @Benchmark
    public String create(Sessions s, Cursor c, Created created) {
        String value = s.adapter.create("a0", s.newValues[c.next() & 1023]);
        String oldest = created.replaceOldest(value);
        if (oldest != null) {
            s.adapter.retire(oldest);
        }
        return value;
    }
}
