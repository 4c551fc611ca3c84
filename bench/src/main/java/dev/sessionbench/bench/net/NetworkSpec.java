package dev.sessionbench.bench.net;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network between a Redis subject and its server, as the benchmarks' {@code network} parameter names it:
 * {@code direct} (loopback), {@code proxy-<rtt>} (through the delaying {@link dev.sessionbench.fixtures.net.TcpProxy},
 * always; {@code proxy-0us} measures the proxy's own cost), or {@code rtt-<rtt>} (by {@code tc netem} where the
 * kernel has it, else through the proxy). A round trip is written {@code 0us}, {@code 200us} or {@code 1ms}.
 */
public record NetworkSpec(Kind kind, Duration roundTrip) {

    /** The label of the loopback network, the default. */
    public static final String DIRECT_LABEL = "direct";
    /** The longest round trip accepted. */
    public static final Duration MAX_ROUND_TRIP = Duration.ofSeconds(1);

    private static final Pattern FORM = Pattern.compile("(proxy|rtt)-(\\d+)(us|ms)");

    /** How the round trip is added. */
    public enum Kind {
        /** Nothing added: loopback. */
        DIRECT,
        /** Always the delaying proxy. */
        PROXY,
        /** {@code tc netem} where available, else the delaying proxy. */
        SIMULATED
    }

    public NetworkSpec {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(roundTrip, "roundTrip must not be null");
        if (roundTrip.isNegative() || roundTrip.compareTo(MAX_ROUND_TRIP) > 0) {
            throw new IllegalArgumentException(
                    "round trip must be 0 to " + MAX_ROUND_TRIP.toMillis() + " ms, was " + roundTrip);
        }
        if (kind == Kind.DIRECT && !roundTrip.isZero()) {
            throw new IllegalArgumentException("a direct network adds no round trip, was given " + roundTrip);
        }
    }

    /** The loopback network. */
    public static final NetworkSpec DIRECT = new NetworkSpec(Kind.DIRECT, Duration.ZERO);

    /** Returns the network a label names; null or blank is {@code direct}. */
    public static NetworkSpec parse(String label) {
        if (label == null || label.isBlank() || label.trim().equals(DIRECT_LABEL)) {
            return DIRECT;
        }
        Matcher m = FORM.matcher(label.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("network '" + label + "' is not one of direct, proxy-<rtt> or"
                    + " rtt-<rtt>, with a round trip such as 0us, 200us or 1ms");
        }
        long n = Long.parseLong(m.group(2));
        Duration rtt = m.group(3).equals("us") ? Duration.ofNanos(n * 1000) : Duration.ofMillis(n);
        return new NetworkSpec(m.group(1).equals("proxy") ? Kind.PROXY : Kind.SIMULATED, rtt);
    }

    /** Returns whether a round trip is added at all (even of zero, through the proxy). */
    public boolean isDirect() {
        return kind == Kind.DIRECT;
    }

    /** Returns the label this spec is parsed from. */
    public String label() {
        if (kind == Kind.DIRECT) {
            return DIRECT_LABEL;
        }
        long micros = roundTrip.toNanos() / 1000;
        String rtt = micros % 1000 == 0 && micros > 0 ? micros / 1000 + "ms" : micros + "us";
        return (kind == Kind.PROXY ? "proxy-" : "rtt-") + rtt;
    }

    @Override
    public String toString() {
        return label();
    }
}
