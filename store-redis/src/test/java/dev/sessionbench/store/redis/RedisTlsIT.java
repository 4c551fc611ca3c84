package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.redis.RedisBinary;
import dev.sessionbench.fixtures.redis.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a throwaway redis-server with a TLS port and a self-signed certificate made by openssl.
 * Needs a TLS-capable redis-server on PATH and openssl; without them the tests are reported as skipped with that
 * reason (the bundled 6.2 binary is not built with TLS).
 */
class RedisTlsIT {

    private static Path certs;
    private static RedisServer server;
    private static int tlsPort;
    /** Why TLS cannot be tested on this machine, or null when it can; each test reports it as its skip reason. */
    private static String unavailable;

    @BeforeAll
    static void startTlsServer() throws Exception {
        Optional<Path> binary = RedisBinary.onPath();
        if (binary.isEmpty()) {
            unavailable = "no redis-server on PATH (the bundled 6.2 binary has no TLS): TLS is not tested";
            return;
        }
        certs = Files.createTempDirectory("sessionbench-redis-tls");
        Process openssl;
        try {
            openssl = new ProcessBuilder(
                            "openssl",
                            "req",
                            "-x509",
                            "-newkey",
                            "rsa:2048",
                            "-nodes",
                            "-keyout",
                            certs.resolve("key.pem").toString(),
                            "-out",
                            certs.resolve("cert.pem").toString(),
                            "-days",
                            "1",
                            "-subj",
                            "/CN=127.0.0.1",
                            "-addext",
                            "subjectAltName=IP:127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(certs.resolve("openssl.log").toFile())
                    .start();
        } catch (IOException e) {
            unavailable = "no openssl to make a test certificate: TLS is not tested";
            return;
        }
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            unavailable = "openssl could not make a test certificate: TLS is not tested";
            return;
        }
        tlsPort = RedisServer.freePort();
        try {
            server = RedisServer.start(
                    binary.get(),
                    List.of(
                            "tls-port " + tlsPort,
                            "tls-cert-file " + certs.resolve("cert.pem"),
                            "tls-key-file " + certs.resolve("key.pem"),
                            "tls-ca-cert-file " + certs.resolve("cert.pem"),
                            "tls-auth-clients no"));
        } catch (IllegalStateException e) {
            unavailable = "redis-server on PATH has no TLS support: " + e.getMessage();
        }
    }

    @BeforeEach
    void requireTls() {
        assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterAll
    static void stopTlsServer() {
        if (server != null) {
            server.close();
        }
        if (certs != null) {
            for (String f : List.of("key.pem", "cert.pem", "openssl.log")) {
                certs.resolve(f).toFile().delete();
            }
            certs.toFile().delete();
        }
    }

    @Test
    void redissWorksOverTls() {
        try (SessionStore store = SessionStores.open(
                "rediss://127.0.0.1:" + tlsPort + "?verifyPeer=false&prefix=tls:", SessionPolicy.defaults())) {
            String value = store.save(store.create().setAttribute("over", "tls"));
            assertThat(store.find(value).orElseThrow().attribute("over")).contains("tls");
        }
    }

    @Test
    void redissVerifiesThePeerByDefaultSoAnUntrustedCertificateIsRefused() {
        assertThatThrownBy(() -> SessionStores.open("rediss://127.0.0.1:" + tlsPort, SessionPolicy.defaults()))
                .isInstanceOf(SessionStoreException.class);
    }

    @Test
    void plainRedisToTheTlsPortFailsRatherThanHangs() {
        assertThatThrownBy(() ->
                        SessionStores.open("redis://127.0.0.1:" + tlsPort + "?timeout=500ms", SessionPolicy.defaults()))
                .isInstanceOf(SessionStoreException.class);
    }
}
