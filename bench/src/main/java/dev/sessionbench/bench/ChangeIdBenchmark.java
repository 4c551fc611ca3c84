package dev.sessionbench.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The session-fixation defence after a login or a privilege change: look the session up, move it to a new ID,
 * save it. Each thread owns a disjoint share of the live sessions and keeps the new value in place of the old
 * one, so the live set and the work stay the same from call to call. A stateless token cannot retire its old
 * value (the report says so); {@code raw-chm}, {@code raw-mapdb} and {@code raw-lettuce} move a value to a new
 * key (remove and put; RENAME).
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'ChangeIdBenchmark.changeId'
 * -p subject=memory,spring-map,raw-chm -p liveSessions=100000 -t 1 -f 1 -wi 3 -w 4s -i 8 -r 1s -prof gc -rf json}
 */
public class ChangeIdBenchmark extends BenchmarkDefaults {

    /** This thread's sessions, each replaced by its new value after every change. */
    @State(Scope.Thread)
    public static class Slots {
        String[] values;
        int next;

        @Setup(Level.Trial)
        public void take(Sessions s) {
            values = s.slice();
        }
    }

    @Benchmark
    public String changeId(Sessions s, Slots slots) {
        int i = slots.next++ & (slots.values.length - 1);
        String moved = s.adapter.changeId(slots.values[i]);
        if (moved != null) {
            slots.values[i] = moved;
        }
        return moved;
    }
}
