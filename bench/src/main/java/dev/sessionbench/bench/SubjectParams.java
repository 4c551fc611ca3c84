package dev.sessionbench.bench;

import dev.sessionbench.bench.report.Subject;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The JMH parameters of a benchmark state that holds one subject with a live set: which subject, how many live
 * sessions and of which payload. JMH reads {@code @Param} fields of superclasses, so every such state declares them
 * here once, with one default. JMH wants {@code @State} on every class that declares a {@code @Param}; the
 * subclasses are the states the benchmarks take.
 */
@State(Scope.Benchmark)
public abstract class SubjectParams {

    /** The subject's label (see {@link Subject}). */
    @Param("memory")
    public String subject;

    /** How many sessions are live while the operation is measured. */
    @Param("1000")
    public int liveSessions;

    /** {@code small} (about 100 B of attributes) or {@code large} (about 1 KiB). */
    @Param("small")
    public String payload;
}
