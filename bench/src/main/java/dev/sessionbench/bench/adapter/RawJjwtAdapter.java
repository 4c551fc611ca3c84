package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionIds;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The raw limit of the token store: jjwt's own parse-and-verify and build-and-sign of an HS256 token with the
 * same header and claims, with a plain {@code verifyWith} parser and none of the store's checks.
 */
final class RawJjwtAdapter extends RawTokenAdapter {

    private static final Set<Operation> OPERATIONS = EnumSet.of(
            Operation.CREATE,
            Operation.LOOKUP_HIT,
            Operation.LOOKUP_MISS,
            Operation.ACCESS_AND_SAVE,
            Operation.INVALIDATE,
            Operation.MIXED);

    private final JwtParser parser = Jwts.parser().verifyWith(key).build();
    private final String id = SessionIds.generate();

    RawJjwtAdapter(Duration idle) {
        super(Subject.RAW_JJWT, OPERATIONS, idle);
    }

    @Override
    public String create(String name, String value) {
        return RawJwt.build(key, id, Map.of(name, value), idle);
    }

    @Override
    public Object lookup(String value) {
        try {
            return parser.parseSignedClaims(value).getPayload();
        } catch (JwtException e) {
            return null;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public String accessAndSave(String value, String name, String newValue) {
        Claims claims = (Claims) lookup(value);
        if (claims == null) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>((Map<String, String>) claims.get("at"));
        attributes.put(name, newValue);
        return RawJwt.build(key, claims.getId(), attributes, idle);
    }

    /** A stateless token has nothing to remove: a logout verifies the token, and the client drops it. */
    @Override
    public boolean invalidate(String value) {
        return lookup(value) != null;
    }
}
