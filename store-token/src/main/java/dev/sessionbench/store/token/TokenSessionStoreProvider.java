package dev.sessionbench.store.token;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import java.util.Set;
import java.util.function.Function;

/**
 * Opens {@code token:} stores. Options: {@code alg=hs256|hs512}, {@code key=env:NAME|file:/path},
 * {@code kid=ID}, {@code oldKeys=ID:env:NAME,ID:file:/path}, {@code revocation=none|memory}, {@code maxRevoked=N},
 * {@code cookieName=NAME}, {@code maxCookieBytes=N}, {@code clockSkew=30s}, {@code encrypt=true|false},
 * {@code iss=ISSUER}, {@code aud=AUDIENCE}, {@code purgeInterval=1m} (0 turns the denylist's purge thread off).
 */
public final class TokenSessionStoreProvider implements SessionStoreProvider {

    static final Set<String> OPTIONS = Set.of(
            "alg",
            "key",
            "kid",
            "oldKeys",
            "revocation",
            "maxRevoked",
            "cookieName",
            "maxCookieBytes",
            "clockSkew",
            "encrypt",
            "iss",
            "aud",
            "purgeInterval");

    @Override
    public Set<String> schemes() {
        return Set.of("token");
    }

    @Override
    public SessionStore open(StoreUri uri, SessionPolicy policy) {
        return builderFor(uri, KeySources.systemEnv()).policy(policy).build();
    }

    /** Returns a builder configured from the URI's options, reading {@code env:} sources through {@code env}. */
    static TokenSessionStore.Builder builderFor(StoreUri uri, Function<String, String> env) {
        if (!uri.body().isEmpty()) {
            throw new IllegalArgumentException("store URI '" + uri + "' has a body; a token store is written "
                    + "token: with options only, for example token:?key=env:SESSION_KEY&revocation=memory");
        }
        uri.requireOnly(OPTIONS);
        TokenSessionStore.Builder b = TokenSessionStore.builder()
                .environment(env)
                .algorithm(
                        uri.enumOption("alg", TokenSessionStore.Algorithm.class, TokenSessionStore.DEFAULT_ALGORITHM))
                .encrypted(uri.booleanOption("encrypt", false))
                .revocation(uri.enumOption(
                        "revocation", TokenSessionStore.Revocation.class, TokenSessionStore.DEFAULT_REVOCATION))
                .maxRevoked((int) uri.longOption(
                        "maxRevoked", TokenSessionStore.DEFAULT_MAX_REVOKED, 1, TokenSessionStore.MAX_REVOKED_LIMIT))
                .cookieName(uri.option("cookieName", TokenSessionStore.DEFAULT_COOKIE_NAME))
                .maxCookieBytes((int) uri.longOption(
                        "maxCookieBytes",
                        TokenSessionStore.DEFAULT_MAX_COOKIE_BYTES,
                        TokenSessionStore.MIN_COOKIE_BYTES,
                        TokenSessionStore.MAX_COOKIE_BYTES))
                .clockSkew(uri.durationOption("clockSkew", TokenSessionStore.DEFAULT_CLOCK_SKEW, true))
                .purgeInterval(uri.intervalOption("purgeInterval", TokenSessionStore.DEFAULT_PURGE_INTERVAL));
        String iss = uri.option("iss", null);
        if (iss != null) {
            b.issuer(iss);
        }
        String aud = uri.option("aud", null);
        if (aud != null) {
            b.audience(aud);
        }
        String kid = uri.option("kid", null);
        String key = uri.option("key", null);
        if (key != null) {
            b.signingKeyFrom(kid, key);
        } else if (kid != null) {
            throw new IllegalArgumentException("option kid in store URI '" + uri + "' names the signing key, but no "
                    + "key is given; add key=env:NAME or key=file:/path");
        }
        String oldKeys = uri.option("oldKeys", "");
        for (String entry : oldKeys.split(",", -1)) {
            if (entry.isEmpty() && oldKeys.isEmpty()) {
                break;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("option oldKeys in store URI '" + uri + "' is not valid: expected "
                        + "a comma-separated list of ID:env:NAME or ID:file:/path");
            }
            b.verificationKeyFrom(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return b;
    }
}
