package dev.sessionbench.bench.latency;

import dev.sessionbench.bench.profile.ProcessCpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: requests are scheduled at a fixed rate, one every {@code 1 / rate} seconds, and a
 * pool of request threads takes them in order. Each latency is recorded from the request's <em>intended</em> start
 * (its place in the schedule), so a stall counts against every request that waited behind it, as a user would
 * feel it. A closed loop such as JMH's starts the next request only when the last one returned and so leaves out
 * the waiting (coordinated omission); the harness records that view too, as the service time from the actual
 * start, so the two can be compared.
 *
 * <p>Requests scheduled during the warm-up are run and not recorded. A run is bounded: by the schedule's length,
 * by {@link Settings#maxOperations()}, and by {@link #OVERRUN_LIMIT} past the end of the schedule, after which the
 * requests still waiting are not issued and are counted as {@link Result#unissued()}.
 */
public final class OpenLoop {

    /** How long past the end of its schedule a run that cannot keep up goes on issuing requests. */
    public static final Duration OVERRUN_LIMIT = Duration.ofSeconds(10);
    /** Significant decimal digits of every histogram: 0.1 % resolution at any latency. */
    public static final int SIGNIFICANT_DIGITS = 3;
    /** The highest rate accepted, requests per second. */
    public static final double MAX_RATE = 5_000_000;
    /** The most request threads accepted. */
    public static final int MAX_THREADS = 1024;
    /** The longest warm-up or measurement accepted. */
    public static final Duration MAX_PHASE = Duration.ofHours(1);

    private OpenLoop() {}

    /**
     * What to run: {@code rate} requests per second from {@code threads} request threads, a warm-up that is not
     * recorded, then {@code duration} recorded, at most {@code maxOperations} recorded requests.
     */
    public record Settings(double rate, int threads, Duration warmup, Duration duration, long maxOperations) {
        public Settings {
            Objects.requireNonNull(warmup, "warmup must not be null");
            Objects.requireNonNull(duration, "duration must not be null");
            if (!(rate > 0 && rate <= MAX_RATE)) {
                throw new IllegalArgumentException(
                        "rate must be above 0 and at most " + (long) MAX_RATE + " requests/s, was " + rate);
            }
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be 1 to " + MAX_THREADS + ", was " + threads);
            }
            if (warmup.isNegative() || warmup.compareTo(MAX_PHASE) > 0) {
                throw new IllegalArgumentException("warmup must be 0 to " + MAX_PHASE + ", was " + warmup);
            }
            if (duration.isZero() || duration.isNegative() || duration.compareTo(MAX_PHASE) > 0) {
                throw new IllegalArgumentException(
                        "duration must be above 0 and at most " + MAX_PHASE + ", was " + duration);
            }
            if (maxOperations < 1) {
                throw new IllegalArgumentException("maxOperations must be at least 1, was " + maxOperations);
            }
        }

        /** Returns the time between two scheduled requests, in nanoseconds. */
        double intervalNanos() {
            return 1e9 / rate;
        }

        /** Returns how many requests the warm-up schedules. */
        long warmupOperations() {
            return (long) Math.ceil(warmup.toNanos() / intervalNanos());
        }

        /** Returns how many requests are recorded: the measured phase's, capped by {@link #maxOperations()}. */
        long measuredOperations() {
            return Math.max(1, Math.min(maxOperations, (long) Math.floor(duration.toNanos() / intervalNanos())));
        }
    }

    /**
     * What a run measured. Both histograms hold nanoseconds: {@code intended} from each request's scheduled start to
     * its end, {@code service} from its actual start to its end (what a closed loop sees). {@code cpuNanos} is this
     * process's CPU time over the recorded requests (-1 when the JVM does not report it), {@code serverCpuNanos} the
     * server's over the same phase (-1 when not measured), {@code wallNanos} the time from the first recorded
     * request's start to the last one's end.
     */
    public record Result(
            Settings settings,
            Histogram intended,
            Histogram service,
            long operations,
            long unissued,
            long failures,
            String firstFailure,
            long cpuNanos,
            long serverCpuNanos,
            long wallNanos) {

        /** Returns the requests per second the run achieved over its recorded phase. */
        public double achievedRate() {
            return wallNanos <= 0 ? 0 : operations * 1e9 / wallNanos;
        }

        /** Returns the client CPU nanoseconds per recorded request, or NaN when unknown. */
        public double cpuNanosPerOperation() {
            return ProcessCpu.perOperation(cpuNanos, operations);
        }

        /** Returns the server CPU nanoseconds per recorded request, or NaN when not measured. */
        public double serverCpuNanosPerOperation() {
            return ProcessCpu.perOperation(serverCpuNanos, operations);
        }
    }

    /** Runs {@code settings} on the system clock, measuring this process's CPU time. */
    public static Result run(Settings settings, Supplier<Request> requests) {
        return run(settings, requests, Ticker.SYSTEM, ProcessCpu::nanos);
    }

    /**
     * Runs {@code settings}: each request thread asks {@code requests} for its own {@link Request}, then takes the
     * next scheduled request, waits for its time, runs it and records it, until the schedule is done.
     */
    public static Result run(Settings settings, Supplier<Request> requests, Ticker ticker, LongSupplier cpu) {
        return run(settings, requests, ticker, cpu, null);
    }

    /**
     * Runs {@code settings} as {@link #run(Settings, Supplier, Ticker, LongSupplier)}, and reads {@code serverCpu}
     * (a server's CPU nanoseconds, such as Redis's {@code INFO cpu}; null: none) from a thread of its own when the
     * warm-up ends and after the last request, so that the reading delays no request.
     */
    public static Result run(
            Settings settings, Supplier<Request> requests, Ticker ticker, LongSupplier cpu, LongSupplier serverCpu) {
        Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(requests, "requests must not be null");
        Objects.requireNonNull(ticker, "ticker must not be null");
        Objects.requireNonNull(cpu, "cpu must not be null");
        Schedule schedule = new Schedule(settings, ticker, cpu);
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads() + 1, r -> {
            Thread t = new Thread(r, "sessionbench-request");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Long> serverStart = serverCpu == null
                    ? null
                    : pool.submit(() -> {
                        ticker.sleepUntil(schedule.intendedStart(schedule.warmupOps));
                        return serverCpu.getAsLong();
                    });
            List<Future<?>> threads = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                threads.add(pool.submit(() -> schedule.serve(requests.get())));
            }
            for (Future<?> f : threads) {
                f.get();
            }
            if (serverStart != null) {
                long before = serverStart.get();
                long after = serverCpu.getAsLong();
                schedule.serverCpuNanos = before < 0 || after < 0 ? -1 : after - before;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the schedule", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request thread could not start: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return schedule.result();
    }

    /** The shared schedule: the next request to take, and what has been recorded. */
    private static final class Schedule {
        private final Settings settings;
        private final Ticker ticker;
        private final LongSupplier cpu;
        private final long warmupOps;
        private final long totalOps;
        private final double interval;
        private final long start;
        private final long giveUpAt;
        private final AtomicLong next = new AtomicLong();
        private final AtomicLong recorded = new AtomicLong();
        private final AtomicLong unissued = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final AtomicLong measuredStart = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong measuredEnd = new AtomicLong(Long.MIN_VALUE);
        private final Recorder intended = new Recorder(SIGNIFICANT_DIGITS);
        private final Recorder service = new Recorder(SIGNIFICANT_DIGITS);
        private volatile long cpuStart = -1;
        private volatile long serverCpuNanos = -1;

        Schedule(Settings settings, Ticker ticker, LongSupplier cpu) {
            this.settings = settings;
            this.ticker = ticker;
            this.cpu = cpu;
            this.warmupOps = settings.warmupOperations();
            this.totalOps = warmupOps + settings.measuredOperations();
            this.interval = settings.intervalNanos();
            this.start = ticker.nanoTime();
            this.giveUpAt = intendedStart(totalOps) + OVERRUN_LIMIT.toNanos();
        }

        private long intendedStart(long i) {
            return start + Math.round(i * interval);
        }

        void serve(Request request) {
            try {
                long i;
                while ((i = next.getAndIncrement()) < totalOps) {
                    long planned = intendedStart(i);
                    boolean measured = i >= warmupOps;
                    if (ticker.nanoTime() > giveUpAt) {
                        if (measured) {
                            unissued.incrementAndGet();
                        }
                        continue;
                    }
                    ticker.sleepUntil(planned);
                    if (i == warmupOps) {
                        cpuStart = cpu.getAsLong();
                    }
                    long began = ticker.nanoTime();
                    try {
                        request.call();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                    long ended = ticker.nanoTime();
                    if (measured) {
                        intended.recordValue(ended - planned);
                        service.recordValue(ended - began);
                        recorded.incrementAndGet();
                        measuredStart.accumulateAndGet(planned, Math::min);
                        measuredEnd.accumulateAndGet(ended, Math::max);
                    }
                }
            } finally {
                request.finish();
            }
        }

        Result result() {
            long cpuEnd = cpu.getAsLong();
            long cpuUsed = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
            long wall = recorded.get() == 0 ? 0 : measuredEnd.get() - measuredStart.get();
            return new Result(
                    settings,
                    intended.getIntervalHistogram(),
                    service.getIntervalHistogram(),
                    recorded.get(),
                    unissued.get(),
                    failures.get(),
                    firstFailure.get(),
                    cpuUsed,
                    serverCpuNanos,
                    wall);
        }
    }
}
