package dev.sessionbench.bench.latency;

import dev.sessionbench.bench.Cursor;
import dev.sessionbench.bench.LookupBenchmark;
import dev.sessionbench.bench.MixedBenchmark;
import dev.sessionbench.bench.Sessions;
import dev.sessionbench.bench.report.Operation;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operations the latency harness can drive, through the very benchmark methods JMH measures, so that an
 * open-loop latency and a JMH throughput of the same subject and operation are of the same work.
 */
public final class Workloads {

    /** The operations with an open-loop workload. */
    public static final List<Operation> SUPPORTED = List.of(Operation.LOOKUP_HIT, Operation.MIXED);

    private Workloads() {}

    /**
     * Returns a factory of per-thread requests of {@code op} on the opened {@code sessions}: a lookup of a live
     * session ({@link LookupBenchmark#lookupHit}), or the seeded request mix ({@link MixedBenchmark#mixed}).
     */
    public static Supplier<Request> of(Operation op, Sessions sessions) {
        if (sessions.adapter == null) {
            throw new IllegalStateException("sessions must be opened before a workload is made of them");
        }
        return switch (op) {
            case LOOKUP_HIT ->
                () -> {
                    LookupBenchmark benchmark = new LookupBenchmark();
                    Cursor cursor = new Cursor();
                    cursor.start(sessions);
                    return () -> benchmark.lookupHit(sessions, cursor);
                };
            case MIXED ->
                () -> {
                    MixedBenchmark benchmark = new MixedBenchmark();
                    MixedBenchmark.Traffic traffic = new MixedBenchmark.Traffic();
                    traffic.prepare(sessions);
                    return new Request() {
                        @Override
                        public Object call() {
                            return benchmark.mixed(sessions, traffic);
                        }

                        @Override
                        public void finish() {
                            traffic.discard(sessions);
                        }
                    };
                };
            default ->
                throw new IllegalArgumentException("the latency harness measures "
                        + SUPPORTED.stream().map(Operation::method).toList() + ", not " + op.method());
        };
    }
}
