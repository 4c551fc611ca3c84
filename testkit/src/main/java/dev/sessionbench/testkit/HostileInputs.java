package dev.sessionbench.testkit;

import dev.sessionbench.core.SessionIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Malformed and hostile client values: every one of them must resolve to nothing, at once, without an exception
 * and without a backend call. Each entry has a label for the test report, so the value itself (which may hold
 * control characters or a megabyte) never has to be printed.
 */
public final class HostileInputs {

    /** A labelled client value; {@code value} may be null. */
    public record Input(String label, String value) {
        @Override
        public String toString() {
            return label;
        }
    }

    private HostileInputs() {
    }

    /** Returns the corpus of malformed client values, a fresh list each call. */
    public static List<Input> clientValues() {
        String id = SessionIds.generate();
        byte[] raw = new byte[SessionIds.BYTES];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0xFB + i); // bytes whose standard base64 has '+' and '/'
        }
        List<Input> v = new ArrayList<>();
        v.add(new Input("null", null));
        v.add(new Input("empty", ""));
        v.add(new Input("one character", "a"));
        v.add(new Input("blank", " "));
        v.add(new Input("42 characters", id.substring(0, 42)));
        v.add(new Input("44 characters", id + "A"));
        v.add(new Input("10,000 characters", "A".repeat(10_000)));
        v.add(new Input("1 MiB", "A".repeat(1 << 20)));
        v.add(new Input("trailing NUL", id.substring(0, 42) + "\u0000"));
        v.add(new Input("all NUL", "\u0000".repeat(SessionIds.LENGTH)));
        v.add(new Input("CR LF header injection", id.substring(0, 30) + "\r\nSet-Cookie:a"));
        v.add(new Input("LF only", id.substring(0, 42) + "\n"));
        v.add(new Input("tab inside", id.substring(0, 20) + "\t" + id.substring(21)));
        v.add(new Input("leading space", " " + id.substring(1)));
        v.add(new Input("space padded", " " + id + " "));
        v.add(new Input("Cyrillic look-alike", "\u0410" + id.substring(1)));
        v.add(new Input("fullwidth letters", "\uFF21".repeat(SessionIds.LENGTH)));
        v.add(new Input("byte order mark", "\uFEFF" + id.substring(1)));
        v.add(new Input("emoji", "\uD83D\uDE00" + id.substring(2)));
        v.add(new Input("lone surrogate", "\uD800" + id.substring(1)));
        v.add(new Input("accented letter", id.substring(0, 42) + "\u00E9"));
        v.add(new Input("Redis glob star", "*"));
        v.add(new Input("Redis glob of ID length", "*".repeat(SessionIds.LENGTH)));
        v.add(new Input("Redis glob class", id.substring(0, 38) + "[a-z]"));
        v.add(new Input("question marks", "?".repeat(SessionIds.LENGTH)));
        v.add(new Input("path traversal", "../../../../etc/passwd"));
        v.add(new Input("path traversal of ID length", ("../" + "x".repeat(40))));
        v.add(new Input("encoded traversal", "..%2F..%2F..%2Fetc%2Fpasswd"));
        v.add(new Input("Windows path", "..\\..\\windows\\win.ini"));
        v.add(new Input("percent-encoded NUL", "%00" + id.substring(3)));
        v.add(new Input("SQL injection", "' OR '1'='1"));
        v.add(new Input("SQL injection of ID length", "'; DROP TABLE sessions; --" + "x".repeat(17)));
        v.add(new Input("NoSQL operator", "{\"$ne\": null}"));
        v.add(new Input("NoSQL where", "{\"$where\": \"sleep(1000)\"}"));
        v.add(new Input("Lua injection", "\") redis.call('FLUSHALL') --"));
        v.add(new Input("Redis protocol injection", "x\r\n*1\r\n$8\r\nFLUSHALL\r\n"));
        v.add(new Input("padded base64url", Base64.getUrlEncoder().encodeToString(raw)));
        v.add(new Input("standard base64", Base64.getEncoder().withoutPadding().encodeToString(raw)));
        v.add(new Input("standard base64 padded", Base64.getEncoder().encodeToString(raw)));
        v.add(new Input("non-canonical last character", id.substring(0, 42) + "B"));
        v.add(new Input("hex of 32 bytes", "ab".repeat(32)));
        v.add(new Input("UUID", "123e4567-e89b-12d3-a456-426614174000"));
        v.add(new Input("equals signs", "=".repeat(SessionIds.LENGTH)));
        v.add(new Input("dots of ID length", ".".repeat(SessionIds.LENGTH)));
        v.add(new Input("JWT with alg none", jwt("{\"alg\":\"none\",\"typ\":\"JWT\"}",
                "{\"jti\":\"" + id + "\",\"exp\":4102444800}") + "."));
        v.add(new Input("JWT header only", jwt("{\"alg\":\"HS256\"}", "{}")));
        v.add(new Input("cookie pair instead of a value", "sid=" + id));
        v.add(new Input("bearer prefix", "Bearer " + id));
        v.add(new Input("script tag", "<script>alert(1)</script>"));
        v.add(new Input("log4j lookup", "${jndi:ldap://127.0.0.1/a}"));
        v.add(new Input("quoted ID", "\"" + id.substring(0, 41) + "\""));
        v.add(new Input("format string", "%s%s%s%s%n%n%n%n"));
        return Collections.unmodifiableList(v);
    }

    private static String jwt(String header, String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }
}
