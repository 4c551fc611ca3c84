package dev.sessionbench.store.redis;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opens {@link RedisSessionStore}s for {@code redis://[user:password@]host[:port][,host:port...][/db][?options]} and
 * {@code rediss://} (TLS). Options: {@code prefix}, {@code timeout}, {@code connectTimeout}, {@code cluster},
 * {@code verifyPeer}, {@code queueSize}; several hosts require {@code cluster=true}. The user information runs to
 * the last {@code @} and is percent-decoded as RFC 3986 says (a {@code +} stays a {@code +}); write a {@code %} in a
 * password as {@code %25}.
 */
public final class RedisSessionStoreProvider implements SessionStoreProvider {

    /** The option names this provider knows. */
    public static final Set<String> OPTIONS =
            Set.of("prefix", "timeout", "connectTimeout", "cluster", "verifyPeer", "queueSize");

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public SessionStore open(StoreUri uri, SessionPolicy policy) {
        return configure(uri).policy(policy).build();
    }

    /** Returns a builder configured from the URI; throws {@link IllegalArgumentException} naming what is wrong. */
    static RedisSessionStore.Builder configure(StoreUri uri) {
        boolean tls = uri.scheme().equals("rediss");
        if (!tls && !uri.scheme().equals("redis")) {
            throw new IllegalArgumentException(
                    "the Redis store opens redis:// and rediss:// URIs, not " + uri.scheme() + ":");
        }
        String body = uri.body();
        String expected = "; expected " + uri.scheme() + "://[user:password@]host[:port][,host:port...][/db]";
        if (!body.startsWith("//") || body.length() == 2) {
            throw new IllegalArgumentException("store URI '" + uri + "' has no host" + expected);
        }
        String rest = uri.hostAndPath();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("store URI '" + uri + "' has no host" + expected);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String user = uri.user().orElse(null);
        String password = uri.password().orElse(null);
        if (uri.hasUserInfo() && password == null) {
            throw new IllegalArgumentException("store URI '" + uri + "' has user information without a colon; "
                    + "write a password as " + uri.scheme() + "://:password@host or user:password@host");
        }
        uri.requireOnly(OPTIONS);
        int database = 0;
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw new IllegalArgumentException("store URI '" + uri + "' has path /" + path
                        + "; expected a database number from 0, such as /0");
            }
        }
        boolean cluster = uri.booleanOption("cluster", false);
        boolean verifyPeer = uri.booleanOption("verifyPeer", true);
        List<RedisURI> nodes = new ArrayList<>();
        for (String hostPort : authority.split(",", -1)) {
            RedisURI.Builder node = hostAndPort(hostPort, uri, expected)
                    .withSsl(tls)
                    .withVerifyPeer(verifyPeer)
                    .withDatabase(database);
            if (password != null) {
                if (user != null) {
                    node.withAuthentication(user, password);
                } else {
                    node.withPassword(password.toCharArray());
                }
            }
            nodes.add(node.build());
        }
        RedisSessionStore.Builder b = RedisSessionStore.builder();
        if (cluster) {
            if (database != 0) {
                throw new IllegalArgumentException("store URI '" + uri + "' names database " + database
                        + " with cluster=true; Redis Cluster has only database 0");
            }
            b.cluster(nodes);
        } else if (nodes.size() > 1) {
            throw new IllegalArgumentException("store URI '" + uri + "' names " + nodes.size()
                    + " hosts; several hosts are the seed nodes of a Redis Cluster: add cluster=true");
        } else {
            b.server(nodes.get(0));
        }
        b.keyPrefix(uri.option("prefix", RedisSessionStore.DEFAULT_KEY_PREFIX));
        b.commandTimeout(uri.durationOption("timeout", RedisSessionStore.DEFAULT_COMMAND_TIMEOUT, false));
        b.connectTimeout(uri.durationOption("connectTimeout", RedisSessionStore.DEFAULT_CONNECT_TIMEOUT, false));
        b.requestQueueSize(
                (int) uri.longOption("queueSize", RedisSessionStore.DEFAULT_REQUEST_QUEUE_SIZE, 1, 1_000_000));
        return b;
    }

    private static RedisURI.Builder hostAndPort(String hostPort, StoreUri uri, String expected) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(
                        "store URI '" + uri + "' has an unclosed [ in host '" + hostPort + "'" + expected);
            }
            host = hostPort.substring(1, close);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(
                            "store URI '" + uri + "' has a malformed host '" + hostPort + "'" + expected);
                }
                port = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("store URI '" + uri + "' has an empty host" + expected);
        }
        int p = RedisURI.DEFAULT_REDIS_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65_535) {
                throw new IllegalArgumentException("store URI '" + uri + "' has port '" + port + "' for host " + host
                        + "; expected a number from 1 to 65535");
            }
        }
        return RedisURI.builder().withHost(host).withPort(p).withTimeout(Duration.ofSeconds(1));
    }
}
