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
 * already holds {@code liveSessions} sessions. Each thread remembers what it created and removes it after each
 * iteration (not measured), so the live set does not grow from one iteration to the next. {@code raw-securerandom}
 * measures the 32 random bytes every ID costs; {@code raw-jjwt} and {@code raw-hmac} a token's signature.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'CreateBenchmark.create'
 * -p subject=memory,spring-map,raw-chm,raw-securerandom -p liveSessions=100000 -t 2 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 8, time = 1)
public class CreateBenchmark {

    /** What one thread created during the current iteration. */
    @State(Scope.Thread)
    public static class Created {
        final List<String> values = new ArrayList<>(1 << 16);
        boolean track;

        @Setup(Level.Trial)
        public void start(Sessions s) {
            track = s.adapter.holdsSessions();
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
