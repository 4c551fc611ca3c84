package dev.sessionbench.bench.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

    @Test
    void directNullAndBlankAreTheLoopback() {
        assertThat(NetworkSpec.parse("direct")).isEqualTo(NetworkSpec.DIRECT);
        assertThat(NetworkSpec.parse(null)).isEqualTo(NetworkSpec.DIRECT);
        assertThat(NetworkSpec.parse(" ")).isEqualTo(NetworkSpec.DIRECT);
        assertThat(NetworkSpec.DIRECT.isDirect()).isTrue();
    }

    @Test
    void proxyAndSimulatedRoundTripsParseAndPrintBack() {
        NetworkSpec proxy = NetworkSpec.parse("proxy-0us");
        assertThat(proxy.kind()).isEqualTo(NetworkSpec.Kind.PROXY);
        assertThat(proxy.roundTrip()).isZero();
        assertThat(proxy.isDirect()).isFalse();
        assertThat(proxy.label()).isEqualTo("proxy-0us");

        NetworkSpec rtt = NetworkSpec.parse("rtt-200us");
        assertThat(rtt.kind()).isEqualTo(NetworkSpec.Kind.SIMULATED);
        assertThat(rtt.roundTrip()).isEqualTo(Duration.ofNanos(200_000));
        assertThat(rtt.label()).isEqualTo("rtt-200us");

        assertThat(NetworkSpec.parse("rtt-1ms").roundTrip()).isEqualTo(Duration.ofMillis(1));
        assertThat(NetworkSpec.parse("rtt-1000us").label()).isEqualTo("rtt-1ms");
    }

    @Test
    void otherFormsAndTooLongRoundTripsAreRefusedWithTheForms() {
        assertThatThrownBy(() -> NetworkSpec.parse("slow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy-<rtt>")
                .hasMessageContaining("200us");
        assertThatThrownBy(() -> NetworkSpec.parse("rtt-2s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetworkSpec.parse("rtt-5000ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("round trip");
    }
}
