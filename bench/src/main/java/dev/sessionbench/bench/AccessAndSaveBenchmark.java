package dev.sessionbench.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * A request that writes to its session: look it up, change one of its 10 attributes, save. Our stores write only
 * the changed attribute (the delta); the raw limits write the whole value back, Spring saves its own delta plus
 * the last-access time its request filter sets.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'AccessAndSaveBenchmark.accessAndSave'
 * -p subject=memory,redis,raw-lettuce,spring-redis -p liveSessions=100000 -t 1 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
public class AccessAndSaveBenchmark extends BenchmarkDefaults {

    @Benchmark
    public String accessAndSave(Sessions s, Cursor c) {
        int i = c.next();
        return s.adapter.accessAndSave(
                s.hits[i & Sessions.MASK], Payload.name((i & Integer.MAX_VALUE) % 10), s.newValues[i & 1023]);
    }
}
