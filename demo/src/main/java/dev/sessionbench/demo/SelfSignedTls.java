package dev.sessionbench.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, made by the JDK's {@code keytool} (EC P-256,
 * valid {@value #VALID_DAYS} days) in a directory of the caller's, so the demo can serve https and send its real
 * {@code __Host-} cookie. The certificate is also written as PEM for {@code curl --cacert}.
 *
 * @param serverContext  the context the server serves with
 * @param clientContext  a context that trusts this certificate only, for a client such as {@code HttpClient}
 * @param certificatePem the certificate in PEM, for {@code curl --cacert}
 */
public record SelfSignedTls(SSLContext serverContext, SSLContext clientContext, Path certificatePem) {

    public static final int VALID_DAYS = 7;
    private static final String ALIAS = "sessionbench-demo";

    /** Returns a new certificate and key made in {@code dir}; throws {@link IOException} when keytool fails. */
    public static SelfSignedTls create(Path dir) throws IOException {
        Path keystore = dir.resolve("demo.p12");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        char[] password = HexFormat.of().formatHex(secret).toCharArray();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        ALIAS,
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-sigalg",
                        "SHA256withECDSA",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        Integer.toString(VALID_DAYS),
                        "-keystore",
                        keystore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass:env",
                        "DEMO_STOREPASS"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.log").toFile());
        // The password goes through the environment, not the command line that ps shows.
        pb.environment().put("DEMO_STOREPASS", new String(password));
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool could not make a certificate; see " + dir.resolve("keytool.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made a certificate", e);
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);

            Certificate cert = ks.getCertificate(ALIAS);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);

            Path pem = dir.resolve("demo-cert.pem");
            try (Writer w = Files.newBufferedWriter(pem, StandardCharsets.US_ASCII)) {
                w.write("-----BEGIN CERTIFICATE-----\n");
                w.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded()));
                w.write("\n-----END CERTIFICATE-----\n");
            }
            return new SelfSignedTls(server, client, pem);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not load the certificate keytool made: " + e.getMessage(), e);
        }
    }
}
