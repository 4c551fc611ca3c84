package dev.sessionbench.store.token;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.core.spi.AbstractSessionStore;
import dev.sessionbench.core.spi.BackgroundPurge;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SessionEvents;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JweHeader;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.ProtectedJwt;
import io.jsonwebtoken.security.MacAlgorithm;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateless store: the client value is a signed JWT (JWS, HS256 by default) that carries the whole session,
 * so nothing is kept on the server. Without a denylist ({@link Revocation#MEMORY}) an issued token cannot be
 * revoked before it expires; {@code find} cannot slide the idle deadline (only {@code save} re-issues), and two
 * copies saved concurrently are two tokens, not a merge.
 *
 * <p>The store keeps no sessions, so it cannot list those of a principal: {@link #sessionsOf} throws
 * {@link UnsupportedOperationException}, and so does {@link #invalidateAll} without a denylist. With one,
 * {@code invalidateAll} records a "not before" instant for the principal that refuses every token of a session
 * created at or before it, re-issued ones included; it announces no event per session, since it cannot name them. A
 * per-principal cap cannot be counted either, so a policy with one is refused. Expiries are never announced: no
 * session is held to be reclaimed.
 *
 * <p>Token: header {@code alg}, {@code kid}, {@code typ} = {@value #TOKEN_TYPE}; claims {@code jti} (the session
 * ID), {@code iat}, {@code exp} (the session's deadline, rounded up to the second), {@value #CLAIM_CREATED}
 * (creation, epoch ms), {@value #CLAIM_ACCESSED} (last access, epoch ms) and {@value #CLAIM_ATTRIBUTES} (the
 * attributes as a JSON object of strings, left out when empty), and {@code iss} and {@code aud} when configured
 * (a token must then carry exactly them; a store without them refuses tokens that have them). With
 * {@code encrypted} the same claims travel in a JWE ({@code dir}, {@code A256GCM}) that the client cannot read.
 *
 * <p>With revocation a daemon thread purges expired denylist entries every {@link #DEFAULT_PURGE_INTERVAL}; a
 * full denylist signs every user out once instead of refusing a logout (see {@link Builder#maxRevoked}).
 */
public final class TokenSessionStore extends AbstractSessionStore {

    /** The JWS algorithms this store signs with; a store verifies with its own algorithm only. */
    public enum Algorithm {
        HS256(Jwts.SIG.HS256),
        HS512(Jwts.SIG.HS512);

        private final MacAlgorithm jjwt;

        Algorithm(MacAlgorithm jjwt) {
            this.jjwt = jjwt;
        }

        /** Returns the shortest key this algorithm accepts, in bits (RFC 7518 section 3.2). */
        public int keyBits() {
            return jjwt.getKeyBitLength();
        }
    }

    /** Whether the store keeps a denylist of revoked session IDs. */
    public enum Revocation {
        /** Stateless: invalidate and changeId cannot retire tokens already issued. */
        NONE,
        /** A bounded in-process denylist of revoked IDs, kept until their tokens expire. */
        MEMORY
    }

    public static final Algorithm DEFAULT_ALGORITHM = Algorithm.HS256;
    public static final Revocation DEFAULT_REVOCATION = Revocation.NONE;
    /** Browsers keep at least 4096 bytes per cookie, name and value together (RFC 6265 section 6.1). */
    public static final int DEFAULT_MAX_COOKIE_BYTES = 4096;

    public static final int MIN_COOKIE_BYTES = 256;
    /** The largest budget accepted: it also bounds what {@code find} reads before it refuses a value. */
    public static final int MAX_COOKIE_BYTES = 1 << 20;

    public static final String DEFAULT_COOKIE_NAME = "SESSION";
    public static final int DEFAULT_MAX_REVOKED = 100_000;
    public static final int MAX_REVOKED_LIMIT = 10_000_000;
    /** How far in the future {@code iat} may be, for servers whose clocks differ a little. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    /** The {@code typ} header of every token, so that no other JWT signed with the same key passes as a session. */
    public static final String TOKEN_TYPE = "sessionbench+jwt";
    /** Bits of the key of an encrypted token ({@code dir} with {@code A256GCM}). */
    public static final int ENCRYPTION_KEY_BITS = 256;
    /** Default interval of the denylist's background purge, as the server-side stores'. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /**
     * Fewest distinct byte values a key must have: a random 32-byte key has about 30, so fewer means text, a
     * pattern or a fill (32 zero bytes, a repeated character), never random key material.
     */
    public static final int MIN_DISTINCT_KEY_BYTES = 16;
    /** The longest {@code iss} or {@code aud} accepted. */
    public static final int MAX_CLAIM_CHARS = 256;

    static final String CLAIM_CREATED = "ct";
    static final String CLAIM_ACCESSED = "la";
    static final String CLAIM_ATTRIBUTES = "at";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm algorithm;
    private final boolean encrypted;
    private final String signingKeyId;
    private final SecretKey signingKey;
    /** Every key a token may name in its {@code kid}, the signing key included; fixed at construction. */
    private final Map<String, SecretKey> verificationKeys;

    private final Denylist denylist;
    private final String cookieName;
    private final int maxCookieBytes;
    private final int maxTokenChars;
    private final Duration clockSkew;
    private final String issuer;
    private final String audience;
    private final BackgroundPurge purger;
    private final JwtParser parser;
    private static final String NAME = "token store";
    private final LongAdder parseAttempts = new LongAdder();
    /** With revocation: the principals logged out everywhere; null without it. */
    private final PrincipalCutoffs cutoffs;

    private final SessionEvents events;

    private TokenSessionStore(
            Builder b,
            SessionPolicy policy,
            String signingKeyId,
            SecretKey signingKey,
            Map<String, SecretKey> verificationKeys) {
        super(NAME, policy);
        this.algorithm = b.algorithm;
        this.encrypted = b.encrypted;
        this.signingKeyId = signingKeyId;
        this.signingKey = signingKey;
        this.verificationKeys = verificationKeys;
        this.denylist = b.revocation == Revocation.MEMORY ? new Denylist(b.maxRevoked) : null;
        this.cookieName = b.cookieName;
        this.maxCookieBytes = b.maxCookieBytes;
        this.maxTokenChars = b.maxCookieBytes - b.cookieName.length() - 1;
        this.clockSkew = b.clockSkew;
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.parser = buildParser();
        if (policy.maxSessionsPerPrincipal() != SessionPolicy.NO_SESSION_CAP) {
            throw new IllegalArgumentException("the token store cannot cap the sessions of a principal (policy "
                    + "maxSessionsPerPrincipal " + policy.maxSessionsPerPrincipal()
                    + "): it keeps no sessions to count; "
                    + "use a server-side store for a cap");
        }
        this.cutoffs = denylist == null
                ? null
                : new PrincipalCutoffs(b.maxRevoked, policy.absoluteTimeout().toMillis());
        this.events = SessionEvents.of("token store", policy);
        this.purger = BackgroundPurge.start(
                "token denylist", denylist == null ? Duration.ZERO : b.purgeInterval, state, this::purgeExpired);
    }

    /** Returns a builder with every default: HS256, a fresh random key, no revocation, a 4096-byte cookie. */
    public static Builder builder() {
        return new Builder();
    }

    private JwtParser buildParser() {
        var builder = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    // The key comes from our fixed map by kid, never from the token (no jwk, jku or x5c).
                    @Override
                    protected Key locate(JwsHeader header) {
                        return encrypted ? null : keyFor(header.getKeyId());
                    }

                    @Override
                    protected Key locate(JweHeader header) {
                        return encrypted ? keyFor(header.getKeyId()) : null;
                    }
                })
                .clock(() -> Date.from(policy.clock().instant()))
                .clockSkewSeconds(clockSkew.toSeconds())
                .sig()
                .clear()
                .add(algorithm.jjwt)
                .and()
                .zip()
                .clear()
                .and();
        builder = encrypted
                ? builder.key()
                        .clear()
                        .add(Jwts.KEY.DIRECT)
                        .and()
                        .enc()
                        .clear()
                        .add(Jwts.ENC.A256GCM)
                        .and()
                : builder.key().clear().and().enc().clear().and();
        return builder.build();
    }

    private SecretKey keyFor(String kid) {
        return kid == null ? null : verificationKeys.get(kid);
    }

    /**
     * Returns the session the token carries, or empty when the token is malformed, forged, of another algorithm,
     * type or key, expired, or revoked. Never throws for a bad token. Does not slide the idle deadline: the
     * returned session has the token's last access, and only {@link #save} issues a token with a later one.
     */
    @Override
    protected Optional<Session> doFind(String clientValue) {
        parseAttempts.increment();
        try {
            return Optional.ofNullable(verified(clientValue));
        } catch (RuntimeException e) {
            // Whatever the parser throws for a hostile token (bad signature, bad JSON, unknown alg) is a refusal.
            return Optional.empty();
        }
    }

    /** Returns the session, or null when a check beyond the signature fails. */
    private Session verified(String token) {
        ProtectedJwt<? extends ProtectedHeader, Claims> jwt =
                encrypted ? parser.parseEncryptedClaims(token) : parser.parseSignedClaims(token);
        ProtectedHeader header = jwt.getHeader();
        Claims claims = jwt.getPayload();
        Instant now = now();
        if (!TOKEN_TYPE.equals(header.getType()) || !expectedAlgorithm(header)) {
            return null;
        }
        if (!Objects.equals(issuer, claims.getIssuer()) || !expectedAudience(claims.getAudience())) {
            return null;
        }
        String id = claims.getId();
        Date exp = claims.getExpiration();
        Date iat = claims.getIssuedAt();
        // jjwt accepts a token without exp; a session token without a deadline would live for ever.
        if (!SessionIds.isWellFormed(id) || exp == null || iat == null) {
            return null;
        }
        Instant latest = now.plus(clockSkew);
        if (iat.toInstant().isAfter(latest) || !now.isBefore(exp.toInstant())) {
            return null;
        }
        Instant createdAt = epochMillis(claims.get(CLAIM_CREATED));
        Instant accessedAt = epochMillis(claims.get(CLAIM_ACCESSED));
        if (createdAt == null || accessedAt == null || accessedAt.isBefore(createdAt) || accessedAt.isAfter(latest)) {
            return null;
        }
        // exp has whole seconds; the millisecond deadline follows from the times and the policy.
        if (now.toEpochMilli() >= policy.deadlineMillis(createdAt.toEpochMilli(), accessedAt.toEpochMilli())) {
            return null;
        }
        Map<String, String> attributes = attributes(claims.get(CLAIM_ATTRIBUTES));
        if (attributes == null || (denylist != null && denylist.isRevoked(id, accessedAt.toEpochMilli()))) {
            return null;
        }
        if (cutoffs != null && loggedOutEverywhere(attributes, createdAt)) {
            return null;
        }
        return SessionAccess.restore(id, createdAt.toEpochMilli(), accessedAt.toEpochMilli(), attributes, policy);
    }

    private boolean expectedAlgorithm(ProtectedHeader header) {
        if (encrypted) {
            return header instanceof JweHeader jwe
                    && Jwts.KEY.DIRECT.getId().equals(jwe.getAlgorithm())
                    && Jwts.ENC.A256GCM.getId().equals(jwe.getEncryptionAlgorithm());
        }
        return algorithm.jjwt.getId().equals(header.getAlgorithm());
    }

    /** Returns true when the token's {@code aud} is this store's audience, or absent when it has none. */
    private boolean expectedAudience(Set<String> aud) {
        if (audience == null) {
            return aud == null || aud.isEmpty();
        }
        return aud != null && aud.contains(audience);
    }

    private static Instant epochMillis(Object claim) {
        if (claim instanceof Long || claim instanceof Integer) {
            return Instant.ofEpochMilli(((Number) claim).longValue());
        }
        return null;
    }

    /** Returns the attributes, or null when the claim is not a JSON object of strings. */
    private static Map<String, String> attributes(Object claim) {
        if (claim == null) {
            return Map.of();
        }
        if (!(claim instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name) || name.isEmpty() || !(e.getValue() instanceof String value)) {
                return null;
            }
            attributes.put(name, value);
        }
        return attributes;
    }

    /**
     * Returns true when the value could be one of our tokens: not over the cookie budget, and three non-empty
     * base64url segments (five for a JWE, the second one empty for {@code dir}). Costs one pass over the chars.
     */
    @Override
    protected boolean isWellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > maxTokenChars) {
            return false;
        }
        int segments = 1;
        int segmentLength = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (segmentLength == 0 && !(encrypted && segments == 2)) {
                    return false;
                }
                segments++;
                segmentLength = 0;
            } else if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_') {
                segmentLength++;
            } else {
                return false;
            }
        }
        return segmentLength > 0 && segments == (encrypted ? 5 : 3);
    }

    /**
     * Returns a token for the session with last access now (the idle deadline slides; the absolute one never
     * moves). A copy that has expired, or whose ID is revoked, is re-issued with its old times instead: that
     * token resolves to nothing, so a late save never brings the session back. Throws
     * {@link IllegalArgumentException} with the size when the token would not fit the cookie budget.
     */
    @Override
    public String save(Session session) {
        state.checkSession(session);
        Instant now = now();
        boolean revoked = denylist != null
                && !SessionAccess.isNew(session)
                && denylist.isRevoked(session.id(), session.lastAccessedAt().toEpochMilli());
        revoked = revoked || (cutoffs != null && loggedOutEverywhere(session.attributes(), session.createdAt()));
        if (revoked || (!SessionAccess.isNew(session) && SessionAccess.isExpiredAt(session, now))) {
            return issue(session, session.lastAccessedAt(), now);
        }
        Instant accessedAt = now.isAfter(session.lastAccessedAt()) ? now : session.lastAccessedAt();
        if (denylist != null && accessedAt.toEpochMilli() <= denylist.revokedThrough()) {
            // Saved in the millisecond of an overflow: one millisecond later, so that the watermark spares it.
            accessedAt = Instant.ofEpochMilli(denylist.revokedThrough() + 1);
        }
        String token = issue(session, accessedAt, now);
        boolean created = SessionAccess.isNew(session);
        SessionAccess.markSaved(session, accessedAt);
        if (created) {
            events.publish(
                    new SessionEvent.Created(SessionIds.fingerprint(session.id()), policy.principalOf(session), now));
        }
        return token;
    }

    private String issue(Session session, Instant accessedAt, Instant now) {
        Instant deadline = Instant.ofEpochMilli(
                policy.deadlineMillis(session.createdAt().toEpochMilli(), accessedAt.toEpochMilli()));
        Instant expSecond = deadline.truncatedTo(ChronoUnit.SECONDS);
        if (expSecond.isBefore(deadline)) {
            expSecond = expSecond.plusSeconds(1);
        }
        JwtBuilder jwt = Jwts.builder()
                .header()
                .keyId(signingKeyId)
                .type(TOKEN_TYPE)
                .and()
                .id(session.id())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expSecond))
                .claim(CLAIM_CREATED, session.createdAt().toEpochMilli())
                .claim(CLAIM_ACCESSED, accessedAt.toEpochMilli());
        if (issuer != null) {
            jwt.issuer(issuer);
        }
        if (audience != null) {
            singleAudience(jwt, audience);
        }
        Map<String, String> attributes = session.attributes();
        if (!attributes.isEmpty()) {
            jwt.claim(CLAIM_ATTRIBUTES, new LinkedHashMap<>(attributes));
        }
        String token = encrypted
                ? jwt.encryptWith(signingKey, Jwts.KEY.DIRECT, Jwts.ENC.A256GCM).compact()
                : jwt.signWith(signingKey, algorithm.jjwt).compact();
        long cookieBytes = cookieName.length() + 1L + token.length();
        if (cookieBytes > maxCookieBytes) {
            throw new IllegalArgumentException("the session's token would make a cookie of " + cookieBytes
                    + " bytes (" + cookieName + "=<" + token.length() + "-character token>), over the budget of "
                    + maxCookieBytes + " bytes (maxCookieBytes); its " + attributes.size() + " attributes travel in "
                    + "every request: keep them small or use a server-side store");
        }
        return token;
    }

    /**
     * Returns the same session under a new ID. With revocation the old ID is revoked at once, and a copy whose ID is
     * revoked already (another request rotated or ended the session) throws {@link StaleSessionException}; without
     * it, tokens already issued for the old ID stay valid until they expire (a stateless token cannot be retired),
     * and only an expired copy is refused.
     */
    @Override
    protected Session doChangeId(Session session) {
        if (SessionAccess.isExpiredAt(session, now())) {
            throw StaleSessionException.expired(NAME, SessionIds.fingerprint(session.id()));
        }
        if (denylist != null
                && (loggedOutEverywhere(session.attributes(), session.createdAt())
                        || !denylist.addIfAbsent(
                                session.id(), revokedUntil(session).toEpochMilli(), now().toEpochMilli()))) {
            throw StaleSessionException.rotatedOrEnded(NAME, SessionIds.fingerprint(session.id()));
        }
        Session rotated = SessionAccess.withId(session, SessionIds.generate());
        events.publish(new SessionEvent.Rotated(
                SessionIds.fingerprint(session.id()),
                SessionIds.fingerprint(rotated.id()),
                policy.principalOf(session),
                now()));
        return rotated;
    }

    /**
     * Ends the session. With revocation its ID is revoked until no token of it can be valid any more; without it
     * this does nothing, and tokens already issued stay valid until they expire.
     */
    @Override
    protected void doInvalidate(Session session) {
        if (denylist != null) {
            if (denylist.isRevoked(session.id(), session.lastAccessedAt().toEpochMilli())) {
                return; // already ended: announced once
            }
            revoke(session);
            events.publish(new SessionEvent.Invalidated(
                    SessionIds.fingerprint(session.id()),
                    policy.principalOf(session),
                    SessionEvent.Cause.APPLICATION,
                    now()));
        }
    }

    /** Throws {@link UnsupportedOperationException}: the sessions travel in their tokens, and none is kept here. */
    @Override
    public List<Session> sessionsOf(String principal) {
        state.checkPrincipal(principal);
        throw new UnsupportedOperationException("the token store cannot list the sessions of a principal: it keeps "
                + "no sessions, each travels in its client's token; use a server-side store (memory, mapdb, redis)");
    }

    /**
     * With revocation, refuses from now on every token of the principal whose session was created at or before now,
     * including one a late save re-issues; a login after this call is a new session and is accepted. Without
     * revocation, throws {@link UnsupportedOperationException}: a token already issued cannot be retired.
     */
    @Override
    public void invalidateAll(String principal) {
        state.checkPrincipal(principal);
        if (cutoffs == null) {
            throw new UnsupportedOperationException("the token store cannot log a principal out everywhere without a "
                    + "denylist: tokens already issued stay valid until they expire; open it with revocation=memory");
        }
        cutoffs.cut(principal, now().toEpochMilli());
    }

    /** Returns true when the session's principal was logged out everywhere after the session was created. */
    private boolean loggedOutEverywhere(Map<String, String> attributes, Instant createdAt) {
        String principal = attributes.get(policy.principalAttribute());
        return principal != null && cutoffs.refuses(principal, createdAt.toEpochMilli());
    }

    private void revoke(Session session) {
        if (denylist == null) {
            return;
        }
        Instant now = now();
        Instant until = revokedUntil(session);
        if (until.isAfter(now)) {
            denylist.add(session.id(), until.toEpochMilli(), now.toEpochMilli());
        }
    }

    /** Returns until when the session's ID stays on the denylist once revoked now. */
    private Instant revokedUntil(Session session) {
        // Tokens issued so far expire by now + idle; the skew covers a save racing with this call. Later saves of
        // the revoked ID never slide, and no token outlives the absolute deadline.
        Instant absolute = session.createdAt().plus(policy.absoluteTimeout());
        Instant idle = now().plus(policy.idleTimeout()).plus(clockSkew);
        return idle.isBefore(absolute) ? idle : absolute;
    }

    /**
     * Returns true when the session is new or changed, or when its token is at least half way through its idle
     * time: a token's idle deadline slides only when it is re-issued, so an active user who changes nothing must
     * get a new token before the old one runs out.
     */
    @Override
    public boolean needsSave(Session session) {
        Objects.requireNonNull(session, "session must not be null");
        if (SessionAccess.isNew(session) || SessionAccess.hasChanges(session)) {
            return true;
        }
        Duration idle = policy.idleTimeout();
        return !now().isBefore(session.lastAccessedAt().plus(idle.dividedBy(2)));
    }

    /**
     * Returns how many denylist entries this call removed. Sessions themselves are never held, so without
     * revocation there is nothing to remove and this returns 0.
     */
    @Override
    public long purgeExpired() {
        state.checkOpen();
        return denylist == null ? 0 : denylist.purge(now().toEpochMilli()) + cutoffs.purge(now().toEpochMilli());
    }

    @Override
    public void close() {
        if (state.close()) {
            purger.close();
            events.close();
        }
    }

    private Instant now() {
        return policy.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Returns the ID of the key new tokens are signed with. */
    public String signingKeyId() {
        return signingKeyId;
    }

    /** Returns the longest value {@code find} reads before refusing it: the cookie budget less the name. */
    public int maxTokenChars() {
        return maxTokenChars;
    }

    /** For tests: how many values reached the parser, the expensive step that malformed values must never reach. */
    long parseAttempts() {
        return parseAttempts.sum();
    }

    /** For tests: how many denylist lookups were made; 0 without revocation. */
    long denylistLookups() {
        return denylist == null ? 0 : denylist.lookups();
    }

    /** For tests: how many IDs are revoked now. */
    int revokedCount() {
        return denylist == null ? 0 : denylist.size();
    }

    /** For tests: how many entries wait in the denylist's purge queue. */
    int denylistQueueSize() {
        return denylist == null ? 0 : denylist.queueSize();
    }

    /** For tests: whether the denylist's purge thread is scheduled. */
    boolean purgeThreadAlive() {
        return purger.isRunning();
    }

    @Override
    public String toString() {
        return "TokenSessionStore[" + (encrypted ? "JWE dir+A256GCM" : algorithm.name()) + ", kid=" + signingKeyId
                + ", " + verificationKeys.size() + " verification keys, revocation="
                + (denylist == null ? "none" : "memory") + ", maxCookieBytes=" + maxCookieBytes + "]";
    }

    /**
     * Configures a {@link TokenSessionStore}. Keys are given as bytes or as a source, {@code env:NAME} or
     * {@code file:/path}, holding base64url key material; every key is checked against the algorithm in
     * {@link #build}.
     */
    public static final class Builder {

        private SessionPolicy policy = SessionPolicy.defaults();
        private Algorithm algorithm = DEFAULT_ALGORITHM;
        private boolean encrypted;
        private String signingKeyId;
        private byte[] signingKey;
        private final Map<String, byte[]> verificationKeys = new LinkedHashMap<>();
        private Revocation revocation = DEFAULT_REVOCATION;
        private int maxRevoked = DEFAULT_MAX_REVOKED;
        private String cookieName = DEFAULT_COOKIE_NAME;
        private int maxCookieBytes = DEFAULT_MAX_COOKIE_BYTES;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private String issuer;
        private String audience;
        private Function<String, String> env = KeySources.systemEnv();

        private Builder() {}

        public Builder policy(SessionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        public Builder algorithm(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm must not be null");
            return this;
        }

        /** Encrypts tokens (JWE, {@code dir} with {@code A256GCM}) instead of signing them; keys of 256 bits. */
        public Builder encrypted(boolean encrypted) {
            this.encrypted = encrypted;
            return this;
        }

        /** Sets the key new tokens are signed with; {@code kid} null derives the ID from the key. */
        public Builder signingKey(String kid, byte[] key) {
            Objects.requireNonNull(key, "signing key must not be null");
            this.signingKeyId = kid == null ? null : KeySources.checkKeyId(kid);
            this.signingKey = key.clone();
            return this;
        }

        /** Sets the signing key from {@code env:NAME} or {@code file:/path}; {@code kid} null derives the ID. */
        public Builder signingKeyFrom(String kid, String source) {
            return signingKey(kid, KeySources.load(source, env));
        }

        /** Adds an older key that tokens naming {@code kid} are still verified with (rotation). */
        public Builder verificationKey(String kid, byte[] key) {
            Objects.requireNonNull(key, "verification key must not be null");
            if (verificationKeys.putIfAbsent(KeySources.checkKeyId(kid), key.clone()) != null) {
                throw new IllegalArgumentException("verification key ID '" + kid + "' is given twice");
            }
            return this;
        }

        /** Adds an older verification key from {@code env:NAME} or {@code file:/path}. */
        public Builder verificationKeyFrom(String kid, String source) {
            return verificationKey(kid, KeySources.load(source, env));
        }

        public Builder revocation(Revocation revocation) {
            this.revocation = Objects.requireNonNull(revocation, "revocation must not be null");
            return this;
        }

        /**
         * Sets how many revoked IDs the denylist holds at most (1 to 10,000,000). A revocation that finds it full
         * with nothing expired never fails: every token last used up to then is refused instead (all users are
         * signed out once, logged as a warning) and the list starts empty.
         */
        public Builder maxRevoked(int maxRevoked) {
            if (maxRevoked < 1 || maxRevoked > MAX_REVOKED_LIMIT) {
                throw new IllegalArgumentException(
                        "maxRevoked must be between 1 and " + MAX_REVOKED_LIMIT + ", was " + maxRevoked);
            }
            this.maxRevoked = maxRevoked;
            return this;
        }

        /** Sets the cookie name counted in the cookie budget (a token of RFC 6265: no separators or spaces). */
        public Builder cookieName(String cookieName) {
            Objects.requireNonNull(cookieName, "cookie name must not be null");
            if (!cookieName.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")) {
                throw new IllegalArgumentException("cookie name '" + cookieName + "' is not valid: expected 1 to 64 "
                        + "letters, digits or !#$%&'*+.^_`|~- (an RFC 6265 token)");
            }
            this.cookieName = cookieName;
            return this;
        }

        /** Sets the largest cookie (name=value) a save may produce, 256 bytes to 1 MiB; default 4096. */
        public Builder maxCookieBytes(int maxCookieBytes) {
            if (maxCookieBytes < MIN_COOKIE_BYTES || maxCookieBytes > MAX_COOKIE_BYTES) {
                throw new IllegalArgumentException("maxCookieBytes must be between " + MIN_COOKIE_BYTES + " and "
                        + MAX_COOKIE_BYTES + ", was " + maxCookieBytes);
            }
            this.maxCookieBytes = maxCookieBytes;
            return this;
        }

        /** Sets how far in the future a token's {@code iat} may be: 0 to 60 seconds, whole seconds. */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clock skew must not be null");
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0 || clockSkew.getNano() != 0) {
                throw new IllegalArgumentException("clock skew must be whole seconds from 0 to "
                        + MAX_CLOCK_SKEW.toSeconds() + " s, was " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * Sets how often a daemon thread purges expired denylist entries (default {@link #DEFAULT_PURGE_INTERVAL});
         * zero turns it off. Only with {@link Revocation#MEMORY}.
         */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = BackgroundPurge.checkInterval(interval);
            return this;
        }

        /** Sets the {@code iss} every token carries and must carry to verify; default none (and none accepted). */
        public Builder issuer(String issuer) {
            this.issuer = checkedClaim("issuer (iss)", issuer);
            return this;
        }

        /** Sets the {@code aud} every token carries and must carry to verify; default none (and none accepted). */
        public Builder audience(String audience) {
            this.audience = checkedClaim("audience (aud)", audience);
            return this;
        }

        private static String checkedClaim(String what, String value) {
            Objects.requireNonNull(value, what + " must not be null");
            if (value.isBlank()
                    || value.length() > MAX_CLAIM_CHARS
                    || !value.strip().equals(value)
                    || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("the " + what + " must be 1 to " + MAX_CLAIM_CHARS
                        + " characters without control characters or surrounding blanks");
            }
            return value;
        }

        /** For tests: reads {@code env:} key sources from this function instead of the process environment. */
        Builder environment(Function<String, String> env) {
            this.env = Objects.requireNonNull(env, "env must not be null");
            return this;
        }

        /**
         * Returns the store. Throws {@link IllegalArgumentException} when a key is shorter than the algorithm needs
         * (or, encrypted, is not exactly 256 bits), or when an older key reuses the signing key's ID.
         */
        public TokenSessionStore build() {
            int bits = encrypted ? ENCRYPTION_KEY_BITS : algorithm.keyBits();
            String scheme = encrypted ? "dir+A256GCM (encrypted tokens)" : algorithm.name();
            if (encrypted && algorithm != DEFAULT_ALGORITHM) {
                throw new IllegalArgumentException(
                        "encrypted tokens use dir+A256GCM; algorithm " + algorithm + " does not apply to them");
            }
            byte[] current = signingKey;
            if (current == null) {
                current = new byte[bits / 8];
                RANDOM.nextBytes(current);
            }
            String kid = signingKeyId != null ? signingKeyId : KeySources.derivedKeyId(current);
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            keys.put(kid, checkedKey("signing key '" + kid + "'", current, bits, scheme));
            for (Map.Entry<String, byte[]> e : verificationKeys.entrySet()) {
                if (keys.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("verification key ID '" + e.getKey()
                            + "' is the signing key's ID; every key needs its own ID");
                }
                keys.put(e.getKey(), checkedKey("verification key '" + e.getKey() + "'", e.getValue(), bits, scheme));
            }
            return new TokenSessionStore(this, policy, kid, keys.get(kid), Collections.unmodifiableMap(keys));
        }

        private SecretKey checkedKey(String what, byte[] key, int bits, String scheme) {
            long have = key.length * 8L;
            if (encrypted ? have != bits : have < bits) {
                throw new IllegalArgumentException(what + " has " + have + " bits; " + scheme + " needs "
                        + (encrypted ? "exactly " : "at least ") + bits + " bits (" + bits / 8 + " bytes) of random "
                        + "key material, given in base64url");
            }
            int distinct = distinctBytes(key);
            if (distinct < MIN_DISTINCT_KEY_BYTES) {
                // Neither the key nor its bytes are shown: only how many distinct values it has.
                throw new IllegalArgumentException(what + " has only " + distinct + " distinct byte values in "
                        + key.length + " bytes (at least " + MIN_DISTINCT_KEY_BYTES + " required): it is not random "
                        + "key material (all zeros, a repeated character, a word?). Make one with: head -c 32 "
                        + "/dev/urandom | base64 | tr '+/' '-_' | tr -d '=\\n'");
            }
            String jca = encrypted ? "AES" : algorithm == Algorithm.HS512 ? "HmacSHA512" : "HmacSHA256";
            return new SecretKeySpec(key, jca);
        }

        private static int distinctBytes(byte[] key) {
            boolean[] seen = new boolean[256];
            int distinct = 0;
            for (byte b : key) {
                if (!seen[b & 0xFF]) {
                    seen[b & 0xFF] = true;
                    distinct++;
                }
            }
            return distinct;
        }
    }

    /**
     * Sets {@code aud} as one string rather than a one-element array: RFC 7519 (4.1.3) allows both, and the string
     * keeps every cookie a few bytes shorter. jjwt deprecates {@code single} only to steer towards arrays.
     */
    @SuppressWarnings("deprecation")
    private static void singleAudience(JwtBuilder jwt, String audience) {
        jwt.audience().single(audience);
    }
}
