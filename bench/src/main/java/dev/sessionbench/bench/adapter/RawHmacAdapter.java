package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;

/**
 * The floor under every signed token: one {@code HmacSHA256} over the token's signing input (header and payload,
 * the bytes jjwt signs) and a constant-time compare with its signature; a create is the MAC of a one-attribute
 * token's signing input. No JSON, no base64 of the payload, no claim checks.
 */
final class RawHmacAdapter extends RawTokenAdapter {

    private static final Set<Operation> OPERATIONS =
            EnumSet.of(Operation.CREATE, Operation.LOOKUP_HIT, Operation.LOOKUP_MISS);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final byte[] oneAttributeInput;
    private final ThreadLocal<Mac> mac;

    RawHmacAdapter(Duration idle) {
        super(Subject.RAW_HMAC, OPERATIONS, idle);
        this.mac = ThreadLocal.withInitial(this::newMac);
        String token = RawJwt.build(key, SessionIds.generate(), Map.of("a0", "12345678"), idle);
        this.oneAttributeInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    @Override
    public String create(String name, String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.get().doFinal(oneAttributeInput));
    }

    @Override
    public Object lookup(String value) {
        int dot = value.lastIndexOf('.');
        byte[] expected = mac.get().doFinal(value.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        byte[] actual = BASE64URL.decode(value.substring(dot + 1));
        return MessageDigest.isEqual(expected, actual) ? expected : null;
    }
}
