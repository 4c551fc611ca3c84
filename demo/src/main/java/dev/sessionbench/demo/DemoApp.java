package dev.sessionbench.demo;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.core.http.SessionCookie;
import dev.sessionbench.core.spi.StoreUri;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the demo: {@code java -jar demo/target/demo.jar [--store URI] [--port N] [--https | --insecure-dev-cookie]}.
 * Defaults: {@value #DEFAULT_STORE}, port {@value #DEFAULT_PORT}, plain http, the production cookie
 * ({@code __Host-sid}, Secure).
 */
public final class DemoApp {

    public static final String DEFAULT_STORE = "memory:";
    public static final int DEFAULT_PORT = 8080;
    /** The cookie name of the development mode: without {@code Secure}, the {@code __Host-} prefix is not allowed. */
    public static final String DEV_COOKIE_NAME = "sid";

    private DemoApp() {}

    /** Returns the cookie codec for the mode: the safe defaults, or a plain-http development cookie. */
    /** Returns the demo's session policy: the defaults, with the logged-in user's name as the principal. */
    public static SessionPolicy policy() {
        return SessionPolicy.defaults().withPrincipalAttribute(DemoServer.USER);
    }

    public static SessionCookie cookie(boolean insecureDevCookie, SessionPolicy policy) {
        if (!insecureDevCookie) {
            return SessionCookie.builder().policy(policy).build();
        }
        return SessionCookie.builder()
                .name(DEV_COOKIE_NAME)
                .secure(false)
                .policy(policy)
                .build();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String storeUri = DEFAULT_STORE;
        int port = DEFAULT_PORT;
        boolean insecure = false;
        boolean https = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> storeUri = value(args, ++i, "--store");
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--insecure-dev-cookie" -> insecure = true;
                case "--https" -> https = true;
                case "--help", "-h" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
        if (https && insecure) {
            throw new IllegalArgumentException("--https and --insecure-dev-cookie exclude each other: over https the "
                    + "demo sends the Secure __Host-sid cookie");
        }
        SelfSignedTls tls = null;
        if (https) {
            Path dir = Files.createTempDirectory("sessionbench-demo-tls");
            tls = SelfSignedTls.create(dir);
            // The throwaway key and certificate go when the demo ends (deleteOnExit runs in reverse order).
            dir.toFile().deleteOnExit();
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
            System.out.println("https with a self-signed certificate made now: " + tls.certificatePem()
                    + " (curl --cacert that file; a browser will warn)");
        }
        SessionPolicy policy = policy();
        SessionStore store = SessionStores.open(storeUri, policy);
        DemoServer server =
                new DemoServer(store, cookie(insecure, policy), port, tls == null ? null : tls.serverContext());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            store.close();
                            stopped.countDown();
                        },
                        "sessionbench-demo-shutdown"));
        System.out.println("sessionbench demo on " + server.url() + " with store " + StoreUri.redact(storeUri));
        if (insecure) {
            System.out.println("WARNING: --insecure-dev-cookie: the session cookie '" + DEV_COOKIE_NAME + "' is sent "
                    + "WITHOUT Secure, over plain http. For local development only; never expose this port.");
        } else if (!https) {
            System.out.println("The cookie is __Host-sid with Secure. Browsers and curl treat http://127.0.0.1 as "
                    + "secure and send it back; java.net.CookieManager does not: use --insecure-dev-cookie for such "
                    + "clients.");
        }
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String s) {
        try {
            int port = Integer.parseInt(s);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, was '" + s + "'");
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar demo.jar [--store URI] [--port N] [--https | --insecure-dev-cookie]");
        out.println(
                "  --store URI             memory: (default), mapdb:/path/file.db, redis://127.0.0.1:6379/0, token:,");
        out.println("                          token:?revocation=memory");
        out.println("  --port N                port on 127.0.0.1 (default 8080; 0 picks a free one)");
        out.println("  --https                 serve https with a self-signed certificate made at start (keytool)");
        out.println(
                "  --insecure-dev-cookie   plain 'sid' cookie without Secure, for plain-http clients in development");
    }
}
