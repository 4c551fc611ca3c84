package dev.sessionbench.bench.http;

import dev.sessionbench.bench.latency.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * One user of the application, as one request thread drives it: an Apache HttpClient 5 (classic) whose pool holds
 * exactly one keep-alive connection, and the user's own session cookie. The cookie is kept by hand (the value of the
 * first {@code Set-Cookie}, sent back as {@code Cookie}) rather than by a cookie store, which would keep a
 * {@code Secure} cookie off a plain-http loopback connection. Every answer is checked: status 200, the counter one
 * above the last (so a lost session or a lost save is a failure), and no new cookie once the session exists.
 */
final class Visitor implements Request, AutoCloseable {

    private static final Timeout TIMEOUT = Timeout.ofSeconds(30);

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    private final URI uri;
    private final boolean session;
    private String cookie;
    private long expected = 1;

    Visitor(int port, SessionChoice choice) {
        this.uri = URI.create("http://127.0.0.1:" + port + choice.path());
        this.session = choice.hasSession();
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(1)
                .setMaxConnPerRoute(1)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(TIMEOUT)
                        .setSocketTimeout(TIMEOUT)
                        .setTimeToLive(-1, TimeUnit.MILLISECONDS)
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(TIMEOUT)
                        .build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .build();
    }

    /** Creates the session (not measured): the first request, which receives the cookie. */
    void createSession() {
        call();
        if (session && cookie == null) {
            throw new IllegalStateException("the application set no session cookie on " + uri.getPath());
        }
    }

    @Override
    public Object call() {
        ClassicHttpRequest request = ClassicRequestBuilder.get(uri).build();
        if (cookie != null) {
            request.addHeader("Cookie", cookie);
        }
        String body;
        String newCookie;
        try {
            String[] answer = client.execute(request, response -> {
                if (response.getCode() != 200) {
                    EntityUtils.consume(response.getEntity());
                    throw new IllegalStateException("HTTP " + response.getCode() + " from " + uri.getPath());
                }
                Header set = response.getFirstHeader("Set-Cookie");
                return new String[] {EntityUtils.toString(response.getEntity()), set == null ? null : set.getValue()};
            });
            body = answer[0];
            newCookie = answer[1];
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + uri.getPath() + " failed: " + e, e);
        }
        if (!session) {
            if (!CounterApp.PLAIN_ANSWER.equals(body)) {
                throw new IllegalStateException("unexpected answer from " + uri.getPath());
            }
            return body;
        }
        boolean hadCookie = cookie != null;
        if (newCookie != null) {
            int semicolon = newCookie.indexOf(';');
            cookie = semicolon < 0 ? newCookie : newCookie.substring(0, semicolon);
        }
        long count = parse(body);
        long want = expected;
        expected = count + 1;
        if (hadCookie && newCookie != null) {
            throw new IllegalStateException("the session was lost: the application set a new session cookie");
        }
        if (count != want) {
            throw new IllegalStateException(
                    "the counter answered " + count + ", expected " + want + ": a save was lost");
        }
        return body;
    }

    private static long parse(String body) {
        try {
            return Long.parseLong(body.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the counter answered something other than a number", e);
        }
    }

    /** Returns the connections this visitor's pool holds now, leased or idle: at most one. */
    int connections() {
        return pool.getTotalStats().getLeased() + pool.getTotalStats().getAvailable();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
