package dev.sessionbench.spring;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser-less visitor of the example application: java.net.http.HttpClient with a one-cookie jar kept by hand
 * (the JDK's CookieManager would not send a Secure cookie over http://localhost), no redirects followed.
 */
final class Visitor {

    static final String COOKIE = "__Host-sid";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private URI base;
    /** The session cookie's value, or null. */
    String cookie;
    /** The Set-Cookie header of the session cookie in the last response, or null. */
    String lastSetCookie;

    Visitor(URI base) {
        this.base = base;
    }

    /** Returns a visitor of another instance that presents the same cookie. */
    Visitor at(URI other) {
        Visitor v = new Visitor(other);
        v.cookie = cookie;
        return v;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Map.of());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        return post(path, form, Map.of());
    }

    HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                headers);
    }

    /** Returns the CSRF token of the home page, loading it (and so creating a session) first. */
    String csrfToken() {
        HttpResponse<String> home = get("/");
        Matcher m = CSRF.matcher(home.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the home page: " + home.body());
        }
        return m.group(1);
    }

    /** Signs in as alice and returns the new CSRF token. */
    String signIn() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrfToken());
        form.put("username", "alice");
        form.put("password", "wonderland");
        HttpResponse<String> r = post("/login", form);
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-in answered " + r.statusCode() + ": " + r.body());
        }
        return csrfToken();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
        request.timeout(TIMEOUT);
        if (cookie != null) {
            request.header("Cookie", COOKIE + "=" + cookie);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            lastSetCookie = null;
            for (String set : r.headers().allValues("Set-Cookie")) {
                if (set.startsWith(COOKIE + "=")) {
                    lastSetCookie = set;
                    String value = set.substring(COOKIE.length() + 1, set.indexOf(';'));
                    cookie = value.isEmpty() || set.contains("Max-Age=0") ? null : value;
                }
            }
            return r;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Optional<String> setCookieOf(HttpResponse<?> r) {
        List<String> all = r.headers().allValues("Set-Cookie");
        return all.stream().filter(s -> s.startsWith(COOKIE + "=")).findFirst();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
