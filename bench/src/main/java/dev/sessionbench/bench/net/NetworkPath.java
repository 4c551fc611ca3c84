package dev.sessionbench.bench.net;

import dev.sessionbench.fixtures.net.TcpProxy;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The way from a client to its Redis for one benchmark trial, as a {@link NetworkSpec} asks: the server itself
 * ({@code direct}, or {@code tc netem} on its port), or a {@link TcpProxy} in front of it. Clients connect to
 * {@link #endpoint()}; {@link #mechanism()} says what adds the round trip, for the log. Closing removes it.
 */
public final class NetworkPath implements AutoCloseable {

    private final NetworkSpec spec;
    private final RedisEndpoint endpoint;
    private final String mechanism;
    private final AutoCloseable resource;

    private NetworkPath(NetworkSpec spec, RedisEndpoint endpoint, String mechanism, AutoCloseable resource) {
        this.spec = spec;
        this.endpoint = endpoint;
        this.mechanism = mechanism;
        this.resource = resource;
    }

    /** Opens the way to {@code server} that {@code spec} asks for, with netem on this machine. */
    public static NetworkPath open(NetworkSpec spec, RedisEndpoint server) {
        return open(spec, server, new Netem());
    }

    /** Opens the way to {@code server} that {@code spec} asks for; {@code rtt-} specs try {@code netem} first. */
    public static NetworkPath open(NetworkSpec spec, RedisEndpoint server, Netem netem) {
        Objects.requireNonNull(spec, "spec must not be null");
        Objects.requireNonNull(server, "server must not be null");
        switch (spec.kind()) {
            case DIRECT:
                return new NetworkPath(spec, server, "direct", null);
            case PROXY:
                return proxy(spec, server, "proxy");
            default:
                Netem.Availability a = netem.availability();
                if (!a.available()) {
                    return proxy(spec, server, "proxy (netem unavailable: " + a.reason() + ")");
                }
                try {
                    Netem.Applied applied = netem.apply(server.port(), spec.roundTrip());
                    return new NetworkPath(spec, server, "netem", applied);
                } catch (Netem.NetemException e) {
                    return proxy(spec, server, "proxy (netem failed: " + e.getMessage() + ")");
                }
        }
    }

    private static NetworkPath proxy(NetworkSpec spec, RedisEndpoint server, String mechanism) {
        TcpProxy proxy = TcpProxy.start(new InetSocketAddress(server.host(), server.port()), spec.roundTrip());
        RedisEndpoint through = new RedisEndpoint(
                proxy.address().getAddress().getHostAddress(),
                proxy.port(),
                server.user(),
                server.password(),
                server.database(),
                server.tls());
        return new NetworkPath(spec, through, mechanism, proxy);
    }

    /** Returns where clients connect: the server, or the proxy in front of it. */
    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Returns what adds the round trip: {@code direct}, {@code netem}, or {@code proxy} and why. */
    public String mechanism() {
        return mechanism;
    }

    /** Returns the network asked for. */
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove the " + mechanism + " network: " + e, e);
            }
        }
    }

    @Override
    public String toString() {
        return spec.label() + " via " + mechanism + " to " + endpoint;
    }
}
