package dev.sessionbench.testkit.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One Redis server as the fixture reaches it: {@code redis://[user:password@]host[:port][/db]} or {@code rediss://}
 * for TLS. {@link #toString} hides the password.
 */
public record RedisEndpoint(String host, int port, String user, String password, int database, boolean tls) {

    /** The port Redis listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 6379;

    public RedisEndpoint {
        Objects.requireNonNull(host, "host must not be null");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must be 0 or more, was " + database);
        }
    }

    /** Returns the endpoint of a loopback server on {@code port}, without password, database 0. */
    public static RedisEndpoint loopback(int port) {
        return new RedisEndpoint("127.0.0.1", port, null, null, 0, false);
    }

    /** Returns the endpoint a {@code redis://} or {@code rediss://} URL names; throws {@link IllegalArgumentException}. */
    public static RedisEndpoint parse(String url) {
        Objects.requireNonNull(url, "Redis URL must not be null");
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Redis URL is malformed; expected redis://[user:password@]host:port[/db]", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://, was scheme '"
                    + scheme + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Redis URL has no host; expected redis://[user:password@]host:port[/db]");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Redis URL path must be a database number such as /0, was "
                        + path);
            }
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, db,
                scheme.equals("rediss"));
    }

    /** Returns the URL of this endpoint, password included, for a client that connects to it. */
    public String url() {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (password != null) {
            if (user != null) {
                sb.append(encode(user));
            }
            sb.append(':').append(encode(password)).append('@');
        }
        return sb.append(host).append(':').append(port).append('/').append(database).toString();
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (password != null ? (user != null ? user : "") + ":***@" : "")
                + host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
