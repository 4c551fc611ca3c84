package dev.sessionbench.bench.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.fixtures.redis.RedisEndpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The netem path without touching this machine's qdiscs: every command goes to a host that records it. */
class NetemTest {

    @Test
    void setupDelaysBothDirectionsOfThePortByHalfTheRoundTripOnLoopback() {
        assertThat(Netem.setupCommands(6379, Duration.ofMillis(1)))
                .extracting(c -> String.join(" ", c))
                .containsExactly(
                        "tc qdisc add dev lo root handle 1: prio bands 4",
                        "tc qdisc add dev lo parent 1:4 handle 40: netem delay 500us",
                        "tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dport 6379 0xffff flowid 1:4",
                        "tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip sport 6379 0xffff flowid 1:4");
        assertThat(String.join(" ", Netem.teardownCommand())).isEqualTo("tc qdisc del dev lo root");
        assertThat(Netem.setupCommands(7000, Duration.ofNanos(200_000)).get(1)).contains("delay", "100us");
        assertThatThrownBy(() -> Netem.setupCommands(0, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
    }

    @Test
    void availabilityNeedsTcTheModuleAndAnUnconfiguredLoopback() {
        FakeNetemHost host = new FakeNetemHost();
        assertThat(new Netem(host).availability().available()).isTrue();

        host.tc = false;
        assertThat(new Netem(host).availability()).isEqualTo(new Netem.Availability(false, "no tc on the PATH"));

        host.tc = true;
        host.moduleLoaded = false;
        Netem.Availability noModule = new Netem(host).availability();
        assertThat(noModule.available()).isFalse();
        assertThat(noModule.reason()).contains("sch_netem").contains("6.1.0-test");

        host.moduleLoaded = true;
        host.show = "qdisc htb 1: root refcnt 2 r2q 10 default 0\n";
        Netem.Availability configured = new Netem(host).availability();
        assertThat(configured.available()).isFalse();
        assertThat(configured.reason()).contains("htb").contains("left alone");
    }

    @Test
    void applyRunsTheSetupInOrderAndCloseRemovesIt() {
        FakeNetemHost host = new FakeNetemHost();
        Netem.Applied applied = new Netem(host).apply(6379, Duration.ofMillis(1));
        assertThat(host.ran).hasSize(4).allMatch(l -> l.startsWith("tc qdisc add") || l.startsWith("tc filter add"));
        applied.close();
        applied.close();
        assertThat(host.ran).hasSize(5).last().isEqualTo("tc qdisc del dev lo root");
    }

    @Test
    void aFailedSetupRemovesWhatItAddedAndSaysWhichCommandFailed() {
        FakeNetemHost host = new FakeNetemHost();
        host.failing = "netem delay";
        assertThatThrownBy(() -> new Netem(host).apply(6379, Duration.ofMillis(1)))
                .isInstanceOf(Netem.NetemException.class)
                .hasMessageContaining("netem delay 500us")
                .hasMessageContaining("unknown");
        assertThat(host.ran)
                .containsExactly(
                        "tc qdisc add dev lo root handle 1: prio bands 4",
                        "tc qdisc add dev lo parent 1:4 handle 40: netem delay 500us",
                        "tc qdisc del dev lo root");
    }

    @Test
    void aSimulatedRoundTripFallsBackToTheProxyWhenNetemIsMissing() throws Exception {
        FakeNetemHost host = new FakeNetemHost();
        host.moduleLoaded = false;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                NetworkPath path = NetworkPath.open(
                        NetworkSpec.parse("rtt-1ms"), RedisEndpoint.loopback(server.getLocalPort()), new Netem(host))) {
            assertThat(path.mechanism())
                    .startsWith("proxy")
                    .contains("netem unavailable")
                    .contains("sch_netem");
            assertThat(path.endpoint().port()).isNotEqualTo(server.getLocalPort());
            assertThat(host.ran).noneMatch(l -> l.contains(" add "));
        }
    }

    @Test
    void aSimulatedRoundTripFallsBackToTheProxyWhenNetemFailsAndLeavesNothingBehind() throws Exception {
        FakeNetemHost host = new FakeNetemHost();
        host.failing = "prio bands";
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                NetworkPath path = NetworkPath.open(
                        NetworkSpec.parse("rtt-1ms"), RedisEndpoint.loopback(server.getLocalPort()), new Netem(host))) {
            assertThat(path.mechanism()).startsWith("proxy (netem failed");
        }
        // the first command failed: nothing was added, so nothing is deleted either
        assertThat(host.ran).containsExactly("tc qdisc show dev lo", "tc qdisc add dev lo root handle 1: prio bands 4");
    }

    @Test
    void aSimulatedRoundTripUsesNetemWhereItWorksAndKeepsTheServersEndpoint() {
        FakeNetemHost host = new FakeNetemHost();
        RedisEndpoint server = RedisEndpoint.loopback(6390);
        NetworkPath path = NetworkPath.open(NetworkSpec.parse("rtt-200us"), server, new Netem(host));
        assertThat(path.mechanism()).isEqualTo("netem");
        assertThat(path.endpoint()).isEqualTo(server);
        assertThat(host.ran).contains("tc qdisc add dev lo parent 1:4 handle 40: netem delay 100us");
        path.close();
        assertThat(host.ran).last().isEqualTo("tc qdisc del dev lo root");
    }

    @Test
    void thisMachinesAvailabilityIsAnsweredWithAReason() {
        // only asks; never adds a qdisc here
        Netem.Availability a = new Netem().availability();
        assertThat(a.reason()).isNotBlank();
    }

    @Test
    void theRootQdiscIsReadFromTcsOutput() {
        assertThat(Netem.rootQdisc(FakeNetemHost.LO_UNCONFIGURED)).isEqualTo("noqueue");
        assertThat(Netem.rootQdisc("qdisc prio 1: root refcnt 2 bands 4\nqdisc netem 40: parent 1:4\n"))
                .isEqualTo("prio");
        assertThat(Netem.rootQdisc("")).isEqualTo("none");
    }
}
