package dev.sessionbench.bench.adapter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Keys and values for the raw limits: the same shapes and sizes as our stores handle, without their logic. */
final class RawValues {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RawValues() {}

    /**
     * Returns a 43-character base64url key of 32 bytes from {@link ThreadLocalRandom}: the shape of a session ID
     * without the cost of a secure generator, which {@code raw-securerandom} measures on its own.
     */
    static String key() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return BASE64URL.encodeToString(b);
    }

    /** Returns the attributes as one string {@code name=value&...}: a value of the same size as the session's. */
    static String encode(Map<String, String> attributes) {
        StringBuilder sb = new StringBuilder(attributes.size() * 16);
        attributes.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /** Returns {@link #encode} as UTF-8 bytes. */
    static byte[] bytes(Map<String, String> attributes) {
        return encode(attributes).getBytes(StandardCharsets.UTF_8);
    }
}
