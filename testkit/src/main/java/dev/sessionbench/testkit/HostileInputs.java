package dev.sessionbench.testkit;

import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.http.SessionCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    /** Labelled values of the request headers that carry a cookie; {@code headers} may hold nulls. */
    public record HeaderInput(String label, List<String> headers) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

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
        v.add(new Input("alg None capitalised, empty signature", jwt("{\"alg\":\"None\"}", "{\"jti\":\"" + id + "\"}") + "."));
        v.add(new Input("JWS with padded segments", jwt("{\"alg\":\"HS256\"}", "{}") + "=.c2ln="));
        v.add(new Input("JWE-shaped five segments with empty parts", "eyJhbGciOiJkaXIifQ...." + id));
        v.add(new Input("ID with trailing dot", id + "."));
        v.add(new Input("two IDs joined by a comma", id + "," + SessionIds.generate()));
        v.add(new Input("ID followed by cookie attributes", id + "; Path=/; Domain=evil.example"));
        v.add(new Input("percent-encoded first character", "%" + Integer.toHexString(id.charAt(0)) + id.substring(1)));
        v.add(new Input("vertical tab and form feed", id.substring(0, 41) + "\u000B\u000C"));
        v.add(new Input("DEL character", id.substring(0, 42) + "\u007F"));
        v.add(new Input("zero-width space", id.substring(0, 20) + "\u200B" + id.substring(21)));
        v.add(new Input("right-to-left override", "\u202E" + id.substring(1)));
        v.add(new Input("combining accent", id.substring(0, 41) + "a\u0301"));
        v.add(new Input("no-break spaces", "\u00A0".repeat(SessionIds.LENGTH)));
        v.add(new Input("one-dot leader instead of a dot", "a\u2024b\u2024c"));
        v.add(new Input("spaces of ID length", " ".repeat(SessionIds.LENGTH)));
        v.add(new Input("plus signs of ID length", "+".repeat(SessionIds.LENGTH)));
        v.add(new Input("slashes of ID length", "/".repeat(SessionIds.LENGTH)));
        v.add(new Input("HTTP request smuggling", "x\r\n\r\nGET /admin HTTP/1.1\r\nHost: a"));
        v.add(new Input("the word null", "null"));
        v.add(new Input("JSON array", "[\"" + id + "\"]"));
        v.add(new Input("template injection", "{{7*7}}${7*7}<%= 7*7 %>"));
        v.add(new Input("XML entity", "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>&x;"));
        v.add(new Input("MongoDB regex operator", "{\"$regex\": \".*\"}"));
        v.add(new Input("Redis KEYS pattern with prefix", "sessionbench:*"));
        v.add(new Input("NUL-terminated ID then junk", id.substring(0, 21) + "\u0000" + id.substring(22)));
        return Collections.unmodifiableList(v);
    }

    /**
     * Returns client values that have the exact shape of a signed token but were not signed by the store: HS256 and
     * HS512 tokens under a fresh random key (what another {@code token:} store issues), {@code alg: none} with a
     * signature, a {@code kid} path traversal, a {@code jku} pointing elsewhere. A signed-token store can refuse
     * them only by checking the signature, which may cost what any junk of the same shape costs, but no more.
     */
    public static List<Input> forgedTokens() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"jti\":\"" + id + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"ct\":"
                + now * 1000 + ",\"la\":" + now * 1000 + ",\"at\":{\"user\":\"admin\",\"role\":\"admin\"}}";
        String header256 = "{\"alg\":\"HS256\",\"typ\":\"sessionbench+jwt\",\"kid\":\"k1\"}";
        List<Input> v = new ArrayList<>();
        v.add(new Input("HS256 token of another store (random key)", signed(header256, claims, "HmacSHA256", randomKey(32))));
        v.add(new Input("HS512 token of another store (random key)", signed("{\"alg\":\"HS512\",\"typ\":\"sessionbench+jwt\"}",
                claims, "HmacSHA512", randomKey(64))));
        v.add(new Input("HS256 token signed with the key 'secret'", signed(header256, claims, "HmacSHA256",
                "secret".getBytes(StandardCharsets.US_ASCII))));
        v.add(new Input("HS256 token without typ or kid (random key)", signed("{\"alg\":\"HS256\"}", claims, "HmacSHA256",
                randomKey(32))));
        v.add(new Input("alg none with a signature", jwt("{\"alg\":\"none\",\"typ\":\"sessionbench+jwt\"}", claims)
                + "." + b64("x".getBytes(StandardCharsets.US_ASCII))));
        v.add(new Input("alg nOnE with a signature", jwt("{\"alg\":\"nOnE\"}", claims) + ".AAAA"));
        v.add(new Input("alg RS256 with a made-up signature", jwt("{\"alg\":\"RS256\",\"typ\":\"sessionbench+jwt\"}",
                claims) + "." + b64(randomKey(256))));
        v.add(new Input("kid path traversal, signed with an all-zero key", signed(
                "{\"alg\":\"HS256\",\"kid\":\"../../../../dev/null\"}", claims, "HmacSHA256", new byte[32])));
        v.add(new Input("jku pointing to another server", signed(
                "{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1:9/keys\"}", claims, "HmacSHA256", randomKey(32))));
        v.add(new Input("crit header the store cannot know", signed(
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", claims, "HmacSHA256", randomKey(32))));
        v.add(new Input("HS256 with a 10 KB payload (random key)", signed(header256, "{\"jti\":\"" + id + "\",\"pad\":\""
                + "x".repeat(10_000) + "\"}", "HmacSHA256", randomKey(32))));
        String whole = signed(header256, claims, "HmacSHA256", randomKey(32));
        v.add(new Input("HS256 with a truncated signature", whole.substring(0, whole.length() - 10)));
        return Collections.unmodifiableList(v);
    }

    /**
     * Returns hostile request {@code Cookie} headers for the default session cookie ({@link SessionCookie#DEFAULT_NAME}):
     * none of them carries a value that any store could resolve, so each must give nothing, at once, without an
     * exception and without a backend call. Several carry a well-formed ID that a lenient parser would wrongly
     * accept (quoted, under a look-alike name, past the size budget).
     */
    public static List<HeaderInput> cookieHeaders() {
        return cookieHeaders(SessionCookie.DEFAULT_NAME);
    }

    /** Returns {@link #cookieHeaders()} for a session cookie of the given name. */
    public static List<HeaderInput> cookieHeaders(String name) {
        String id = SessionIds.generate();
        String n = name + "=";
        byte[] raw = new byte[SessionIds.BYTES];
        Arrays.fill(raw, (byte) 0xFB);
        List<HeaderInput> v = new ArrayList<>();
        v.add(h("no header at all"));
        v.add(h("a null header", (String) null));
        v.add(h("empty header", ""));
        v.add(h("separators only", ";;;; ; ;\t;"));
        v.add(h("name without '='", name));
        v.add(h("empty value", n));
        v.add(h("value of blanks", n + "   \t "));
        v.add(h("NUL in the value", n + id.substring(0, 20) + "\u0000" + id.substring(21)));
        v.add(h("NUL after the name", name + "\u0000=" + id));
        v.add(h("CR LF header injection", n + id.substring(0, 10) + "\r\nSet-Cookie: " + n + "x"));
        v.add(h("quoted well-formed ID (never unquoted)", n + "\"" + id + "\""));
        v.add(h("quoted ID with a backslash escape", n + "\"\\" + id.substring(1) + "\""));
        v.add(h("ID under the name in other case", name.toLowerCase(java.util.Locale.ROOT) + "=" + id
                + "; " + name.toUpperCase(java.util.Locale.ROOT) + "=" + id));
        v.add(h("ID under a Cyrillic look-alike name", name.replace('i', '\u0456') + "=" + id));
        v.add(h("ID under another cookie's name", "sid=" + id + "; SESSION=" + id + "; JSESSIONID=" + id));
        v.add(h("ID under the name with a prefix", "x" + name + "=" + id + "; " + name + "x=" + id));
        v.add(h("Cyrillic look-alike in the value", n + "\u0410" + id.substring(1)));
        v.add(h("fullwidth value", n + "\uFF21".repeat(SessionIds.LENGTH)));
        v.add(h("Latin-1 bytes of a UTF-8 value", n + "Ã©" + id.substring(2)));
        v.add(h("Redis glob", n + "*; " + n + "*".repeat(SessionIds.LENGTH) + "; " + n + "[a-z]*"));
        v.add(h("path traversal", n + "../../../../etc/passwd; " + n + "..%2F..%2Fetc%2Fpasswd"));
        v.add(h("SQL injection", n + "'OR'1'='1'--; " + n + "1';DROP/**/TABLE/**/sessions;--"));
        v.add(h("NoSQL injection", n + "{\"$ne\":null}; " + name + "[$ne]=1; " + n + "{$gt:''}"));
        v.add(h("standard base64 of an ID's bytes", n + Base64.getEncoder().encodeToString(raw)));
        v.add(h("padded base64url of an ID's bytes", n + Base64.getUrlEncoder().encodeToString(raw)));
        v.add(h("ID with one more character", n + id + "A"));
        v.add(h("ID with one character less", n + id.substring(1)));
        v.add(h("percent-encoded ID", n + "%" + Integer.toHexString(id.charAt(0)) + id.substring(1)));
        v.add(h("two IDs joined by a comma", n + id + "," + SessionIds.generate()));
        v.add(h("ID split by a space", n + id.substring(0, 20) + " " + id.substring(20)));
        v.add(h("alg none token", n + jwt("{\"alg\":\"none\"}", "{\"jti\":\"" + id + "\"}") + "."));
        v.add(h("RFC 2109 style with $Version", "$Version=1; " + n + "\"" + id + "\"; $Path=\"/\""));
        v.add(h("1,000 other pairs", numbered("c", 1_000, "v")));
        v.add(h("200 duplicates of a malformed value", (n + "not-an-id; ").repeat(200)));
        v.add(h("10,000 distinct malformed values", numbered(name, 10_000, "bad")));
        v.add(h("1 MiB header of one value", n + "A".repeat(1 << 20)));
        v.add(h("well-formed ID past the 16 KiB budget", "pad=" + "x".repeat(SessionCookie.DEFAULT_MAX_HEADER_CHARS)
                + "; " + n + id));
        v.add(h("well-formed ID after nine decoys", numbered(name, 9, "decoy") + "; " + n + id));
        v.add(h("100 Cookie headers of junk", Collections.nCopies(100, "a=b; " + n + "junk")));
        v.add(h("several headers, nulls among them", Arrays.asList(null, n + "x", null, "", n + "\u0000")));
        v.add(h("value over 4096 bytes", n + "A".repeat(4096)));
        v.add(h("Bearer value in a cookie", n + "Bearer " + id));
        v.add(h("control characters everywhere", "\u0001\u0002" + n + "\u0003;\u0004\u007F=\u0005"));
        v.add(h("lone surrogates", n + "\uD800" + id.substring(1) + "; \uDC00" + n + id));
        return Collections.unmodifiableList(v);
    }

    private static HeaderInput h(String label, String... headers) {
        return new HeaderInput(label, Collections.unmodifiableList(Arrays.asList(headers)));
    }

    private static HeaderInput h(String label, List<String> headers) {
        return new HeaderInput(label, Collections.unmodifiableList(headers));
    }

    /** Returns {@code name=<prefix>0; name=<prefix>1; ...}, or {@code name0=<prefix>...} when name ends the pair. */
    private static String numbered(String name, int count, String prefix) {
        StringBuilder b = new StringBuilder(count * (name.length() + prefix.length() + 8));
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append("; ");
            }
            b.append(name).append('=').append(prefix).append(i);
        }
        return b.toString();
    }

    private static byte[] randomKey(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return key;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Returns a compact JWS of the header and payload, signed with the HMAC {@code algorithm} under {@code key}. */
    private static String signed(String header, String payload, String algorithm, byte[] key) {
        String input = jwt(header, payload);
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + algorithm, e);
        }
    }

    private static String jwt(String header, String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }
}
