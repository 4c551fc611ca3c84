package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Map;

/**
 * The floor under every create: 32 bytes from a {@link SecureRandom} (the JDK's DRBG, one instance per thread, as
 * the stores' ID generator keeps), one call per session ID. It measures create only.
 */
final class RawSecureRandomAdapter extends RawAdapter {

    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(RawSecureRandomAdapter::newRandom);

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    RawSecureRandomAdapter() {
        super(Subject.RAW_SECURE_RANDOM, EnumSet.of(Operation.CREATE), false);
    }

    @Override
    public String seed(Map<String, String> attributes) {
        throw unsupported(Operation.LOOKUP_HIT);
    }

    @Override
    public String unknownValue() {
        throw unsupported(Operation.LOOKUP_MISS);
    }

    /** Returns 32 fresh random bytes; the name and value are ignored. */
    @Override
    public String create(String name, String value) {
        byte[] b = new byte[32];
        random.get().nextBytes(b);
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public Object lookup(String value) {
        throw unsupported(Operation.LOOKUP_HIT);
    }

    @Override
    public void close() {}
}
