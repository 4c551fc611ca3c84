package dev.sessionbench.store.token;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.testkit.ContractRule;
import dev.sessionbench.testkit.SessionStoreContract;
import java.util.Map;

/**
 * The contract for the stateless token store (no denylist), with the rules a stateless token cannot keep
 * declared. The contract stores sessions of 10,000 and 40,000 bytes, which no 4096-byte cookie can carry, so
 * its stores get a larger cookie budget; the 4096-byte default is tested in {@link TokenSessionStoreTest}.
 */
class TokenSessionStoreContractTest extends SessionStoreContract {

    /** Room for the contract's largest session (40,000 UTF-8 bytes, about 54,000 characters of token). */
    static final int CONTRACT_COOKIE_BYTES = 128 * 1024;

    private static final String FIND_CANNOT_SLIDE =
            "a stateless token carries its own last access, signed; find cannot "
                    + "change the token the client holds, so only save (which re-issues the token) slides the idle deadline";
    private static final String CANNOT_MERGE =
            "each token carries the whole session, so two requests that save different "
                    + "copies produce two independent tokens; the client keeps whichever cookie it received last";
    private static final String NOTHING_TO_PURGE =
            "the store holds no sessions (they travel in the tokens); purgeExpired "
                    + "has nothing to remove and returns 0";

    private static final String CANNOT_LIST =
            "the store keeps no sessions (each travels in its token), so it cannot list "
                    + "those of a principal, nor count them for a cap";
    private static final String NO_EXPIRY_EVENT =
            "no session is held, so none is reclaimed by a purge and none is announced "
                    + "as expired: a token simply stops resolving at its deadline";

    private TokenSessionStore tokenStore;

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        tokenStore = configure(TokenSessionStore.builder().policy(policy).maxCookieBytes(CONTRACT_COOKIE_BYTES))
                .build();
        return tokenStore;
    }

    /** Returns {@code builder} with the options of the configuration under test: none here. */
    TokenSessionStore.Builder configure(TokenSessionStore.Builder builder) {
        return builder;
    }

    /**
     * The parser (signature check) and the denylist (when there is one) are the only costly steps; malformed values
     * reach neither.
     */
    @Override
    protected long backendCalls() {
        return tokenStore.parseAttempts() + tokenStore.denylistLookups();
    }

    @Override
    protected String storeUri() {
        return "token:";
    }

    @Override
    protected Map<ContractRule, String> declaredExceptions() {
        return Map.of(
                ContractRule.FIND_SLIDES_IDLE_DEADLINE, FIND_CANNOT_SLIDE,
                ContractRule.CONCURRENT_SAVES_MERGE, CANNOT_MERGE,
                ContractRule.PURGE_REPORTS_REMOVED, NOTHING_TO_PURGE,
                ContractRule.INVALIDATE_RETIRES_ISSUED_VALUES,
                        "without a denylist (revocation=memory) a signed token "
                                + "stays valid until its exp: invalidate cannot retire tokens already issued",
                ContractRule.CHANGE_ID_RETIRES_OLD_VALUE,
                        "without a denylist (revocation=memory) the token of the old "
                                + "ID stays valid until its exp: changeId cannot retire it",
                ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY,
                        "without a denylist (revocation=memory) the store keeps "
                                + "nothing about a session: it cannot know that another request already rotated or ended the "
                                + "copy's session, so both rotations return a session",
                ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED, CANNOT_LIST,
                ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION,
                        "without a denylist (revocation=memory) the tokens of "
                                + "a principal stay valid until their exp: invalidateAll cannot retire them",
                ContractRule.EXPIRY_IS_ANNOUNCED, NO_EXPIRY_EVENT);
    }
}
