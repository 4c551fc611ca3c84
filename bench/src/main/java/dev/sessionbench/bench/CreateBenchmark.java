package dev.sessionbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A login: create a session (a fresh ID from a secure generator), set one attribute, save it, into a subject that
 * already holds {@code liveSessions} sessions, in steady state: each thread remembers what it created and, once it
 * holds {@value #CREATED_PER_THREAD}, removes them between two calls (not measured), so the live set stays within
 * {@code liveSessions} plus that many per thread instead of growing by millions per iteration (which would measure
 * the garbage collector copying an ever larger heap). The removal runs in a per-call setup, so JMH times each call
 * on its own; that costs every subject the same two clock reads per call. {@code raw-securerandom}
 * measures the 32 random bytes every ID costs; {@code raw-jjwt} and {@code raw-hmac} a token's signature.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'CreateBenchmark.create'
 * -p subject=memory,spring-map,raw-chm,raw-securerandom -p liveSessions=100000 -t 2 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 8, time = 1)
public class CreateBenchmark {

    /** How many sessions one thread holds before it removes them. */
    static final int CREATED_PER_THREAD = 1024;

    /** What one thread created during the current iteration. */
    @State(Scope.Thread)
    public static class Created {
        final List<String> values = new ArrayList<>(CREATED_PER_THREAD);
        boolean track;

        @Setup(Level.Trial)
        public void start(Sessions s) {
            track = s.adapter.holdsSessions();
        }

        /** Not measured: removes what this thread created once it holds {@value #CREATED_PER_THREAD}. */
        @Setup(Level.Invocation)
        public void trim(Sessions s) {
            if (values.size() >= CREATED_PER_THREAD) {
                s.adapter.discard(values);
                values.clear();
            }
        }

        @TearDown(Level.Iteration)
        public void discard(Sessions s) {
            s.discard(values);
            values.clear();
        }
    }

    @Benchmark
    public String create(Sessions s, Cursor c, Created created) {
        String value = s.adapter.create("a0", s.newValues[c.next() & 1023]);
        if (created.track) {
            created.values.add(value);
        }
        return value;
    }
}
