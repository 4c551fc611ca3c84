package dev.sessionbench.bench.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU time this JVM has used, on all its threads (request threads, GC, JIT, the client library's I/O threads):
 * what a request costs the application server, as opposed to the wall time it waits.
 */
public final class ProcessCpu {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    /** Returns whether this JVM reports its process CPU time. */
    public static boolean isSupported() {
        return nanos() >= 0;
    }

    /** Returns the CPU time of this process in nanoseconds, or -1 when the JVM does not report it. */
    public static long nanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** Returns CPU nanoseconds per operation, or NaN when there were no operations or no CPU reading. */
    public static double perOperation(long cpuNanos, long operations) {
        if (operations <= 0 || cpuNanos < 0) {
            return Double.NaN;
        }
        return (double) cpuNanos / operations;
    }

    /** Returns the cores busy on average: CPU seconds per wall-clock second, or NaN for no wall time. */
    public static double cores(long cpuNanos, long wallNanos) {
        if (wallNanos <= 0 || cpuNanos < 0) {
            return Double.NaN;
        }
        return (double) cpuNanos / wallNanos;
    }
}
