package dev.sessionbench.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request that writes to its session: look it up, change one of its 10 attributes, save. Our stores write only
 * the changed attribute (the delta); the raw limits write the whole value back, Spring saves its own delta plus
 * the last-access time its request filter sets.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'AccessAndSaveBenchmark.accessAndSave'
 * -p subject=memory,redis,raw-lettuce,spring-redis -p liveSessions=100000 -t 1 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 8, time = 1)
public class AccessAndSaveBenchmark {

    @Benchmark
    public String accessAndSave(Sessions s, Cursor c) {
        int i = c.next();
        return s.adapter.accessAndSave(
                s.hits[i & Sessions.MASK], Payload.name((i & Integer.MAX_VALUE) % 10), s.newValues[i & 1023]);
    }
}
