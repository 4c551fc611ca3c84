package dev.sessionbench.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    private static final long MICRO = 1_000;
    private static final long MILLI = 1_000_000;
    /** Each request's own cost in the simulated schedules. */
    private static final long SERVICE = 10 * MICRO;

    /** A clock the test moves: sleeping jumps to the deadline, a request moves it by its cost. */
    private static final class FakeTicker implements Ticker {
        long now = 1_000 * MILLI;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            now = Math.max(now, deadline);
        }
    }

    /** Returns the value at {@code percentile} of {@code h}, in milliseconds. */
    private static double millis(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / (double) MILLI;
    }

    @Test
    void oneStallCountsAgainstEveryRequestQueuedBehindItFromTheIntendedStart() {
        // 1000 requests at 1 ms intervals on one thread, each 10 us, except the 101st, which stalls for 100 ms.
        FakeTicker ticker = new FakeTicker();
        AtomicLong calls = new AtomicLong();
        long warmupRequests = 100;
        long stalled = warmupRequests + 100;
        OpenLoop.Settings settings =
                new OpenLoop.Settings(1000, 1, Duration.ofMillis(100), Duration.ofSeconds(1), 1_000_000);
        OpenLoop.Result r = OpenLoop.run(
                settings,
                () -> () -> {
                    ticker.now += calls.getAndIncrement() == stalled ? 100 * MILLI : SERVICE;
                    return null;
                },
                ticker,
                () -> -1);

        assertThat(calls.get()).as("warm-up and measured requests run").isEqualTo(1100);
        assertThat(r.operations()).as("only the measured ones are recorded").isEqualTo(1000);
        assertThat(r.intended().getTotalCount()).isEqualTo(1000);
        assertThat(r.unissued()).isZero();

        // From the intended start: the stall delays the ~100 requests scheduled during it, by 100 ms down to 0,
        // so the top 10 % carry it: p99 (the 10th slowest) is about 91 ms, p90 (the 100th) about 2 ms.
        Histogram intended = r.intended();
        assertThat(millis(intended, 50)).isCloseTo(0.010, within(0.001));
        assertThat(millis(intended, 90)).isBetween(1.0, 3.0);
        assertThat(millis(intended, 99)).isBetween(89.0, 93.0);
        assertThat(millis(intended, 99.9)).isBetween(98.0, 100.2);
        assertThat(intended.getMaxValue() / (double) MILLI).isCloseTo(100.0, within(0.2));

        // From the actual start, as a closed loop measures: one slow request, nothing else moves.
        Histogram service = r.service();
        assertThat(service.getTotalCount()).isEqualTo(1000);
        assertThat(millis(service, 90)).isCloseTo(0.010, within(0.001));
        assertThat(millis(service, 99)).isCloseTo(0.010, within(0.001));
        assertThat(millis(service, 99.9)).isCloseTo(0.010, within(0.001));
        assertThat(service.getMaxValue() / (double) MILLI).isCloseTo(100.0, within(0.2));
        assertThat(service.getCountBetweenValues(MILLI, 200 * MILLI))
                .as("slow requests seen closed-loop")
                .isEqualTo(1);
        assertThat(intended.getCountBetweenValues(MILLI, 200 * MILLI))
                .as("slow requests seen open-loop")
                .isBetween(99L, 102L);
    }

    @Test
    void withoutStallsEveryLatencyIsTheServiceTimeAndTheRateIsHeld() {
        FakeTicker ticker = new FakeTicker();
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(2000, 1, Duration.ZERO, Duration.ofMillis(500), 1_000_000),
                () -> () -> ticker.now += SERVICE,
                ticker,
                () -> -1);
        assertThat(r.operations()).isEqualTo(1000);
        assertThat(r.intended().getMaxValue()).isCloseTo(SERVICE, within(SERVICE / 100));
        assertThat(r.achievedRate()).isCloseTo(2000, within(10.0));
    }

    @Test
    void cpuTimeIsTakenOverTheMeasuredRequestsOnly() {
        FakeTicker ticker = new FakeTicker();
        AtomicLong cpu = new AtomicLong();
        // every request costs 7 us of "CPU"; the reading is taken as the first measured request starts
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(1000, 1, Duration.ofMillis(50), Duration.ofMillis(200), 1_000_000),
                () -> () -> {
                    ticker.now += SERVICE;
                    return cpu.addAndGet(7 * MICRO);
                },
                ticker,
                cpu::get);
        assertThat(r.operations()).isEqualTo(200);
        assertThat(r.cpuNanosPerOperation()).isCloseTo(7 * MICRO, within(1.0));
    }

    @Test
    void serverCpuIsReadOffTheRequestThreadsAtTheEndOfTheWarmupAndAfterTheLastRequest() {
        AtomicLong server = new AtomicLong();
        long perRequest = 3 * MICRO;
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(1000, 1, Duration.ofMillis(100), Duration.ofMillis(200), 1_000_000),
                () -> () -> server.addAndGet(perRequest),
                Ticker.SYSTEM,
                () -> -1,
                server::get);
        assertThat(r.operations()).isEqualTo(200);
        // a late reading at the warm-up's end can only miss measured requests, never count warm-up ones twice
        assertThat(r.serverCpuNanosPerOperation()).isPositive().isLessThanOrEqualTo(perRequest * 300 / 200.0);
        assertThat(r.cpuNanos()).isEqualTo(-1);
    }

    @Test
    void withoutAServerMeterTheServerCpuIsUnknown() {
        FakeTicker ticker = new FakeTicker();
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(1000, 1, Duration.ZERO, Duration.ofMillis(10), 100),
                () -> () -> ticker.now += SERVICE,
                ticker,
                () -> -1);
        assertThat(r.serverCpuNanos()).isEqualTo(-1);
        assertThat(r.serverCpuNanosPerOperation()).isNaN();
    }

    @Test
    void maxOperationsCapsTheRecordedRequests() {
        FakeTicker ticker = new FakeTicker();
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(1000, 1, Duration.ZERO, Duration.ofSeconds(10), 300),
                () -> () -> ticker.now += SERVICE,
                ticker,
                () -> -1);
        assertThat(r.operations()).isEqualTo(300);
    }

    @Test
    void aRunThatCannotKeepUpStopsIssuingPastTheOverrunLimit() {
        FakeTicker ticker = new FakeTicker();
        // each request takes 1 s at 1000 requests/s: the schedule falls behind at once
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(1000, 1, Duration.ZERO, Duration.ofMillis(100), 1_000_000),
                () -> () -> ticker.now += 1000 * MILLI,
                ticker,
                () -> -1);
        long overrunSeconds = OpenLoop.OVERRUN_LIMIT.toSeconds();
        assertThat(r.operations()).isBetween(overrunSeconds, overrunSeconds + 2);
        assertThat(r.operations() + r.unissued()).isEqualTo(100);
    }

    @Test
    void failuresAreCountedAndTheFirstIsKept() {
        FakeTicker ticker = new FakeTicker();
        AtomicLong n = new AtomicLong();
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(1000, 1, Duration.ZERO, Duration.ofMillis(10), 100),
                () -> () -> {
                    ticker.now += SERVICE;
                    if (n.incrementAndGet() % 5 == 0) {
                        throw new IllegalStateException("backend down");
                    }
                    return null;
                },
                ticker,
                () -> -1);
        assertThat(r.failures()).isEqualTo(2);
        assertThat(r.firstFailure()).contains("backend down");
    }

    @Test
    void manyThreadsOnTheSystemClockRecordEveryScheduledRequest() {
        OpenLoop.Result r = OpenLoop.run(
                new OpenLoop.Settings(2000, 8, Duration.ofMillis(100), Duration.ofMillis(250), 1_000_000),
                () -> () -> Thread.currentThread().getName());
        assertThat(r.operations()).isEqualTo(500);
        assertThat(r.intended().getTotalCount()).isEqualTo(500);
        // each latency from the intended start is at least the same request's service time
        assertThat(r.intended().getValueAtPercentile(50))
                .isGreaterThanOrEqualTo(r.service().getMinValue());
    }

    @Test
    void settingsOutsideTheirBoundsAreRefused() {
        assertThatThrownBy(() -> new OpenLoop.Settings(0, 1, Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> new OpenLoop.Settings(10, 0, Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads");
        assertThatThrownBy(() -> new OpenLoop.Settings(10, 1, Duration.ZERO, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> new OpenLoop.Settings(10, 1, Duration.ofHours(2), Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmup");
        assertThatThrownBy(() -> new OpenLoop.Settings(10, 1, Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxOperations");
    }
}
