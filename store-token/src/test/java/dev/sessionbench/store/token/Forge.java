package dev.sessionbench.store.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds tokens by hand, without jjwt, so that tests can forge exactly the token an attacker would send. */
final class Forge {

    private Forge() {}

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
    }

    /** Returns {@code header.payload.signature}, the signature an HMAC of {@code jcaMac} with {@code key}. */
    static String signed(String headerJson, String payloadJson, byte[] key, String jcaMac) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(hmac(input, key, jcaMac));
    }

    static byte[] hmac(String input, byte[] key, String jcaMac) {
        try {
            Mac mac = Mac.getInstance(jcaMac);
            mac.init(new SecretKeySpec(key, jcaMac));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(String alg, String kid, String typ) {
        StringBuilder sb = new StringBuilder("{\"alg\":\"").append(alg).append('"');
        if (kid != null) {
            sb.append(",\"kid\":\"").append(kid).append('"');
        }
        if (typ != null) {
            sb.append(",\"typ\":\"").append(typ).append('"');
        }
        return sb.append('}').toString();
    }
}
