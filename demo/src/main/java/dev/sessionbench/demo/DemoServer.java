package dev.sessionbench.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.core.http.CsrfTokens;
import dev.sessionbench.core.http.SessionCookie;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A small shop on the JDK's built-in HTTP server, bound to 127.0.0.1: an anonymous page, login (which rotates the
 * session ID and the CSRF token), a cart kept in the session, and logout. The session travels only in a cookie:
 * no URL rewriting and no hidden-form-field ID. There are no passwords: any well-formed user name logs in.
 *
 * <p>Viewing a page stores nothing: a visitor without a session gets the CSRF token of the page's forms in a
 * cookie of its own ({@code __Host-csrf}, or {@code csrf} in development) and the first form post that carries
 * it creates the session.
 *
 * <p>A logged-in user sees their active sessions (by fingerprint, never by ID) and can log out everywhere else:
 * the store's policy must name {@link #USER} as its principal attribute (see {@link DemoApp#policy()}). A store
 * that cannot list sessions (the token store) says so instead.
 */
public final class DemoServer implements AutoCloseable {

    /** Default request body limit: forms here are tiny. */
    public static final int MAX_BODY_BYTES = 8 * 1024;
    /** Default number of items a cart holds. */
    public static final int MAX_CART_ITEMS = 50;
    /** Request handler threads. */
    public static final int THREADS = 4;

    static final String USER = "user";
    static final String CART = "cart";
    /** The name of the cookie that holds a visitor's CSRF token until a session exists. */
    static final String CSRF_COOKIE = "csrf";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

    private final SessionStore store;
    private final SessionCookie cookie;
    /** The visitor's CSRF token before a session exists, with the session cookie's flags. */
    private final SessionCookie csrfCookie;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;

    /** Starts a plain-http server on 127.0.0.1 at {@code port} (0 for any free port), keeping sessions in {@code store}. */
    public DemoServer(SessionStore store, SessionCookie cookie, int port) throws IOException {
        this(store, cookie, port, null);
    }

    /** Starts the server as above, serving https with {@code tls} unless it is null. */
    public DemoServer(SessionStore store, SessionCookie cookie, int port, SSLContext tls) throws IOException {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.cookie = Objects.requireNonNull(cookie, "cookie must not be null");
        this.csrfCookie = SessionCookie.builder()
                .secure(cookie.secure())
                .name((cookie.name().startsWith("__Host-") ? "__Host-" : "") + CSRF_COOKIE)
                .build();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls == null) {
            this.server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        this.scheme = tls == null ? "http" : "https";
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "sessionbench-demo");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Returns the port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Returns the server's base URL, such as {@code https://127.0.0.1:8443/}. */
    public String url() {
        return scheme + "://127.0.0.1:" + port() + "/";
    }

    /** Stops the server; the store stays open (its owner closes it). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Headers h = ex.getResponseHeaders();
            h.set("Cache-Control", "no-store");
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                switch (path) {
                    case "/" -> {
                        if (requireMethod(ex, method, "GET")) {
                            home(ex);
                        }
                    }
                    case "/api/session" -> {
                        if (requireMethod(ex, method, "GET")) {
                            apiSession(ex);
                        }
                    }
                    case "/login", "/cart", "/logout", "/logout-others" -> {
                        if (requireMethod(ex, method, "POST")) {
                            post(ex, path);
                        }
                    }
                    default -> send(ex, 404, "text/plain", "not found\n");
                }
            } catch (StaleSessionException e) {
                // Another request of this session rotated or ended it first (a form sent twice): this response
                // must not set a cookie that resolves to nothing, so it sets none and asks for a reload.
                LOG.log(System.Logger.Level.INFO, "request lost a race on its session: " + e.getMessage());
                send(
                        ex,
                        409,
                        "text/plain",
                        "this session was changed by another request (a form sent twice?); " + "reload the page\n");
            } catch (SessionStoreException e) {
                // The store failed: say so (503) rather than treating the visitor as logged out.
                LOG.log(System.Logger.Level.ERROR, "session store failed: " + e.getMessage());
                send(ex, 503, "text/plain", "session store unavailable\n");
            } catch (IllegalArgumentException e) {
                send(ex, 400, "text/plain", "bad request: " + e.getMessage() + "\n");
            }
        }
    }

    /**
     * The anonymous or logged-in page. Without a session it stores nothing: the forms' CSRF token lives in the
     * page and in the visitor's CSRF cookie.
     */
    private void home(HttpExchange ex) throws IOException {
        Request r = new Request(ex);
        String csrf;
        Optional<String> user;
        List<String> cart;
        Session s = null;
        if (r.session.isPresent()) {
            s = r.session.get();
            csrf = CsrfTokens.tokenFor(s);
            r.save(s);
            user = s.attribute(USER);
            cart = cart(s);
        } else {
            csrf = r.visitorToken();
            user = Optional.empty();
            cart = List.of();
        }
        StringBuilder page = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>sessionbench "
                + "demo</title></head><body>\n<h1>Hello, " + html(user.orElse("anonymous")) + "</h1>\n");
        page.append("<p>Your cart: ")
                .append(cart.isEmpty() ? "empty" : html(String.join(", ", cart)))
                .append("</p>\n");
        page.append(form(
                "/cart",
                csrf,
                "<input name=\"item\" placeholder=\"item\" pattern=\"[a-z][a-z0-9_-]{0,31}\">",
                "Add to cart"));
        if (user.isEmpty()) {
            page.append(form(
                    "/login",
                    csrf,
                    "<input name=\"username\" placeholder=\"user name\" " + "pattern=\"[a-z][a-z0-9_-]{0,31}\">",
                    "Log in"));
        } else {
            page.append(form("/logout", csrf, "", "Log out"));
            activeSessions(page, user.get(), s, csrf);
        }
        page.append("</body></html>\n");
        send(ex, 200, "text/html; charset=utf-8", page.toString());
    }

    /** Appends the user's active sessions and the "log out everywhere else" button, or why the store cannot list them. */
    private void activeSessions(StringBuilder page, String user, Session current, String csrf) {
        List<Session> sessions;
        try {
            sessions = store.sessionsOf(user);
        } catch (UnsupportedOperationException e) {
            page.append("<p>Active sessions: this store cannot list them (")
                    .append(html(e.getMessage()))
                    .append(")</p>\n");
            return;
        }
        page.append("<h2>Your active sessions</h2>\n<ul>\n");
        for (Session other : sessions) {
            page.append("<li>session ")
                    .append(SessionIds.fingerprint(other.id()))
                    .append(other.id().equals(current.id()) ? " (this one)" : "")
                    .append(", since ")
                    .append(other.createdAt())
                    .append(", last seen ")
                    .append(other.lastAccessedAt())
                    .append("</li>\n");
        }
        page.append("</ul>\n");
        page.append(form("/logout-others", csrf, "", "Log out everywhere else"));
    }

    /** The session as JSON, for scripts and curl; creates nothing: no session gives {"session":false}. */
    private void apiSession(HttpExchange ex) throws IOException {
        Request r = new Request(ex);
        if (r.session.isEmpty()) {
            send(ex, 200, "application/json", "{\"session\":false}\n");
            return;
        }
        Session s = r.session.get();
        String csrf = CsrfTokens.tokenFor(s);
        r.save(s);
        StringBuilder json = new StringBuilder("{\"session\":true,\"user\":");
        json.append(s.attribute(USER).map(u -> "\"" + u + "\"").orElse("null")).append(",\"cart\":[");
        List<String> cart = cart(s);
        for (int i = 0; i < cart.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(cart.get(i)).append('"');
        }
        json.append("],\"csrf\":\"").append(csrf).append("\"}\n");
        send(ex, 200, "application/json", json.toString());
    }

    private void post(HttpExchange ex, String path) throws IOException {
        Request r = new Request(ex);
        Map<String, String> form = form(ex);
        String presented =
                form.getOrDefault(CsrfTokens.FORM_FIELD, ex.getRequestHeaders().getFirst(CsrfTokens.HEADER));
        Session s;
        if (r.session.isPresent() && CsrfTokens.matches(r.session.get(), presented)) {
            s = r.session.get();
        } else if (r.session.isEmpty()
                && !path.equals("/logout")
                && CsrfTokens.sameToken(r.presentedVisitorToken(), presented)) {
            // The first form post of a visitor: the session starts now, keeping the token its page carried.
            s = store.create();
            s.setAttribute(CsrfTokens.ATTRIBUTE, presented);
            ex.getResponseHeaders().add(csrfCookie.responseHeader(), csrfCookie.deleteCookie());
        } else {
            send(ex, 403, "text/plain", "forbidden: missing or wrong CSRF token (load the page first)\n");
            return;
        }
        switch (path) {
            case "/login" -> {
                String user = checkedName(form.get("username"), "username");
                String before = SessionIds.fingerprint(s.id());
                // A privilege change: new ID and new CSRF token together (session fixation defence).
                s = CsrfTokens.changeIdAndToken(store, s.setAttribute(USER, user));
                LOG.log(
                        System.Logger.Level.INFO,
                        "login: session " + before + " is now " + SessionIds.fingerprint(s.id()));
                r.save(s);
            }
            case "/cart" -> {
                String item = checkedName(form.get("item"), "item");
                List<String> cart = new ArrayList<>(cart(s));
                if (cart.size() >= MAX_CART_ITEMS) {
                    throw new IllegalArgumentException("the cart is full (" + MAX_CART_ITEMS + " items)");
                }
                cart.add(item);
                r.save(s.setAttribute(CART, String.join(",", cart)));
            }
            case "/logout-others" -> {
                Optional<String> user = s.attribute(USER);
                if (user.isEmpty()) {
                    send(ex, 403, "text/plain", "forbidden: log in first\n");
                    return;
                }
                List<Session> sessions;
                try {
                    sessions = store.sessionsOf(user.get());
                } catch (UnsupportedOperationException e) {
                    send(ex, 501, "text/plain", "not supported by this store: " + e.getMessage() + "\n");
                    return;
                }
                int ended = 0;
                for (Session other : sessions) {
                    if (!other.id().equals(s.id())) {
                        store.invalidate(other);
                        ended++;
                    }
                }
                LOG.log(
                        System.Logger.Level.INFO,
                        "log out everywhere else: session " + SessionIds.fingerprint(s.id()) + " ended " + ended
                                + " other sessions of its user");
            }
            default -> {
                LOG.log(System.Logger.Level.INFO, "logout: session " + SessionIds.fingerprint(s.id()) + " ended");
                store.invalidate(s);
                ex.getResponseHeaders().add(cookie.responseHeader(), cookie.deleteCookie());
            }
        }
        ex.getResponseHeaders().set("Location", "/");
        send(ex, 303, "text/plain", "see /\n");
    }

    /** The session a request presents, and how to send back the value after a save. */
    private final class Request {
        final HttpExchange ex;
        final List<String> presented;
        final Optional<Session> session;

        final List<String> headers;

        Request(HttpExchange ex) {
            this.ex = ex;
            this.headers = ex.getRequestHeaders().get(cookie.requestHeader());
            this.presented = cookie.candidates(headers);
            this.session = cookie.resolve(store, headers);
        }

        /** Returns the CSRF token in the visitor's cookie, or null when it sent none of ours, or several. */
        String presentedVisitorToken() {
            String found = null;
            for (String value : csrfCookie.candidates(headers)) {
                if (CsrfTokens.isWellFormed(value)) {
                    if (found != null) {
                        return null; // two tokens: one may be planted, so neither is trusted
                    }
                    found = value;
                }
            }
            return found;
        }

        /** Returns the visitor's CSRF token, first setting a new one in its cookie when it sent none. */
        String visitorToken() {
            String token = presentedVisitorToken();
            if (token == null) {
                token = CsrfTokens.newToken();
                ex.getResponseHeaders().add(csrfCookie.responseHeader(), csrfCookie.setCookie(token));
            }
            return token;
        }

        /**
         * Saves the session when the store says a save is due (new, changed, or a token that must be re-issued to
         * slide its idle deadline), and sets the cookie when its value is not the one sent.
         */
        void save(Session s) {
            if (!store.needsSave(s)) {
                return; // a find already counted as an access
            }
            String value = store.save(s);
            if (!presented.contains(value)) {
                ex.getResponseHeaders().add(cookie.responseHeader(), cookie.setCookie(value));
            }
        }
    }

    private static boolean requireMethod(HttpExchange ex, String method, String allowed) throws IOException {
        if (method.equals(allowed)) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", allowed);
        send(ex, 405, "text/plain", "method not allowed; use " + allowed + "\n");
        return false;
    }

    private static List<String> cart(Session s) {
        return s.attribute(CART)
                .filter(c -> !c.isEmpty())
                .map(c -> Arrays.asList(c.split(",")))
                .orElse(List.of());
    }

    private static String checkedName(String value, String field) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " must be 1 to 32 of a-z, 0-9, '_' and '-', starting with a letter");
        }
        return value;
    }

    /** Returns the urlencoded form body, read up to {@link #MAX_BODY_BYTES}. */
    private static Map<String, String> form(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("request body over " + MAX_BODY_BYTES + " bytes");
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String form(String action, String csrf, String fields, String button) {
        return "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"" + CsrfTokens.FORM_FIELD
                + "\" value=\"" + csrf + "\">" + fields + "<button>" + button + "</button></form>\n";
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
