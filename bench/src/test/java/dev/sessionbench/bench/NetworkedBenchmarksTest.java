package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionPolicy;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Redis subjects through a simulated network: the same answers as direct, and the round trip paid. */
class NetworkedBenchmarksTest {

    private static final int LIVE = 32;
    private static final Duration ROUND_TRIP = Duration.ofMillis(2);

    private static Sessions open(Subject subject, String network, Operation op) {
        Sessions s = new Sessions();
        s.subject = subject.label();
        s.liveSessions = LIVE;
        s.payload = "small";
        s.network = network;
        s.open(op, SessionPolicy.defaults());
        return s;
    }

    @ParameterizedTest
    @EnumSource(
            value = Subject.class,
            names = {"REDIS", "SPRING_REDIS", "RAW_LETTUCE", "RAW_LETTUCE_HASH"})
    void everyRedisSubjectAnswersThroughTheZeroDelayProxy(Subject subject) {
        Sessions s = open(subject, "proxy-0us", Operation.LOOKUP_HIT);
        try {
            Cursor c = new Cursor();
            c.start(s);
            for (int i = 0; i < LIVE; i++) {
                assertThat(new LookupBenchmark().lookupHit(s, c))
                        .as("lookup of a live session")
                        .isNotNull();
            }
        } finally {
            s.close();
        }
    }

    @Test
    void aLookupThroughASimulatedRoundTripTakesAtLeastTheRoundTrip() {
        Sessions s = open(Subject.RAW_LETTUCE, "rtt-" + ROUND_TRIP.toMillis() + "ms", Operation.LOOKUP_HIT);
        try {
            Cursor c = new Cursor();
            c.start(s);
            long[] trips = new long[9];
            for (int i = 0; i < trips.length; i++) {
                long start = System.nanoTime();
                assertThat(new LookupBenchmark().lookupHit(s, c)).isNotNull();
                trips[i] = System.nanoTime() - start;
            }
            Arrays.sort(trips);
            assertThat(trips[0]).isGreaterThanOrEqualTo(ROUND_TRIP.toNanos());
        } finally {
            s.close();
        }
    }

    @Test
    void theMixedWorkloadRunsThroughTheProxy() {
        Sessions s = open(Subject.REDIS, "proxy-0us", Operation.MIXED);
        try {
            MixedBenchmark.Traffic t = new MixedBenchmark.Traffic();
            t.prepare(s);
            for (int i = 0; i < 64; i++) {
                new MixedBenchmark().mixed(s, t);
            }
            t.discard(s);
        } finally {
            s.close();
        }
    }

    @Test
    void aSubjectWithoutANetworkRefusesOne() {
        assertThatThrownBy(() -> open(Subject.MEMORY, "proxy-1ms", Operation.LOOKUP_HIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memory")
                .hasMessageContaining("raw-lettuce");
        assertThatThrownBy(() -> open(Subject.REDIS, "fast", Operation.LOOKUP_HIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("direct");
    }
}
