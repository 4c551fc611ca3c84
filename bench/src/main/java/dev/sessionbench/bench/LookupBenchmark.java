package dev.sessionbench.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * Lookups, the operation of nearly every request: a hit (a live session's value, which our server-side stores
 * count as an access and slide the idle deadline), a miss (a well-formed value that names nothing: an old or
 * forged cookie) and a malformed value (hostile input, which a store must refuse without a backend call). Values
 * are picked from 65,536 seeded picks over {@code liveSessions} live sessions, so that at 100,000 and more the
 * lookups miss the CPU caches as a busy server's do.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'LookupBenchmark.lookupHit'
 * -p subject=memory,raw-chm,spring-map -p liveSessions=100000 -p payload=small -t 1 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof gc -rf json}
 */
public class LookupBenchmark extends BenchmarkDefaults {

    @Benchmark
    public Object lookupHit(Sessions s, Cursor c) {
        return s.adapter.lookup(s.hits[c.next() & Sessions.MASK]);
    }

    @Benchmark
    public Object lookupMiss(Sessions s, Cursor c) {
        return s.adapter.lookup(s.misses[c.next() & 1023]);
    }

    @Benchmark
    public Object lookupMalformed(Sessions s, Cursor c) {
        return s.adapter.lookup(s.malformed[(c.next() & Integer.MAX_VALUE) % s.malformed.length]);
    }
}
