package dev.sessionbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Mixed request traffic: 90 % lookups, 6 % access-and-save, 3 % creates and 1 % logouts, the shape of a site
 * where most requests only read their session. The choice is a seeded table per thread rather than JMH thread
 * groups, because groups in these proportions need 100 threads and this suite runs on 2 cores. Each thread works
 * on its own share of the live sessions; a create refills the slot of an earlier logout, so the live set stays
 * the same size.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'MixedBenchmark.mixed'
 * -p subject=memory,spring-map,redis,spring-redis -p liveSessions=100000 -t 2 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
public class MixedBenchmark extends BenchmarkDefaults {

    static final byte LOOKUP = 0;
    static final byte SAVE = 1;
    static final byte CREATE = 2;
    static final byte INVALIDATE = 3;

    /** One thread's requests: the seeded choices, its sessions, and the slots waiting for a new session. */
    @State(Scope.Thread)
    public static class Traffic {
        final byte[] choices = new byte[1024];
        final int[] picks = new int[4096];
        final int[] ended = new int[1024];
        final List<String> created = new ArrayList<>();
        String[] slots;
        int endedCount;
        int next;
        boolean track;

        @Setup(Level.Trial)
        public void prepare(Sessions s) {
            slots = s.slice();
            track = s.adapter.holdsSessions();
            SplittableRandom random = new SplittableRandom(Seeding.SEED + s.nextStart());
            for (int i = 0; i < choices.length; i++) {
                int x = random.nextInt(100);
                choices[i] = x < 90 ? LOOKUP : x < 96 ? SAVE : x < 99 ? CREATE : INVALIDATE;
            }
            for (int i = 0; i < picks.length; i++) {
                picks[i] = random.nextInt(slots.length);
            }
        }

        @TearDown(Level.Iteration)
        public void discard(Sessions s) {
            s.discard(created);
            created.clear();
        }
    }

    /** Returns the answer of the request: a session, a value, or whether a logout found its session. */
    @Benchmark
    public Object mixed(Sessions s, Traffic t) {
        int i = t.next++;
        int k = t.picks[i & 4095];
        switch (t.choices[i & 1023]) {
            case LOOKUP:
                return s.adapter.lookup(t.slots[k]);
            case SAVE: {
                String v = s.adapter.accessAndSave(
                        t.slots[k], Payload.name((i & Integer.MAX_VALUE) % 10), s.newValues[i & 1023]);
                if (v != null) {
                    t.slots[k] = v;
                }
                return v;
            }
            case CREATE: {
                String v = s.adapter.create("a0", s.newValues[i & 1023]);
                if (t.endedCount > 0) {
                    t.slots[t.ended[--t.endedCount]] = v;
                } else if (t.track) {
                    t.created.add(v);
                }
                return v;
            }
            default: {
                boolean found = s.adapter.invalidate(t.slots[k]);
                if (found && t.endedCount < t.ended.length) {
                    t.ended[t.endedCount++] = k;
                }
                return found;
            }
        }
    }
}
