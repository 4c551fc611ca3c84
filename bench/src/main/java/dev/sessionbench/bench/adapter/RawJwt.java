package dev.sessionbench.bench.adapter;

import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/** Tokens with the same header and claims as the token store's, built with jjwt directly. */
final class RawJwt {

    static final String TYPE = "sessionbench+jwt";
    static final String KEY_ID = "raw";

    private RawJwt() {}

    /** Returns a fresh HS256 key of 256 bits. */
    static SecretKey newKey() {
        return Jwts.SIG.HS256.key().build();
    }

    /** Returns a signed token carrying {@code id} and {@code attributes}, valid for {@code idle} from now. */
    static String build(SecretKey key, String id, Map<String, String> attributes, Duration idle) {
        Instant now = Instant.now();
        var jwt = Jwts.builder()
                .header()
                .keyId(KEY_ID)
                .type(TYPE)
                .and()
                .id(id)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(idle).plusSeconds(1)))
                .claim("ct", now.toEpochMilli())
                .claim("la", now.toEpochMilli());
        if (!attributes.isEmpty()) {
            jwt.claim("at", new LinkedHashMap<>(attributes));
        }
        return jwt.signWith(key, Jwts.SIG.HS256).compact();
    }
}
