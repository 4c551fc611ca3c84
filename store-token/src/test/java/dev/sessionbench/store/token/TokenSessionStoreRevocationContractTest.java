package dev.sessionbench.store.token;

import dev.sessionbench.testkit.ContractRule;
import java.util.Map;

/**
 * The contract for the token store with its in-memory denylist ({@code revocation=memory}): invalidate and
 * changeId are real, so only the rules about find, merging and purging stay declared.
 */
class TokenSessionStoreRevocationContractTest extends TokenSessionStoreContractTest {

    @Override
    TokenSessionStore.Builder configure(TokenSessionStore.Builder builder) {
        return builder.revocation(TokenSessionStore.Revocation.MEMORY);
    }

    @Override
    protected String storeUri() {
        return "token:?revocation=memory";
    }

    @Override
    protected Map<ContractRule, String> declaredExceptions() {
        return Map.of(
                ContractRule.FIND_SLIDES_IDLE_DEADLINE, TokenSessionStoreContractTest.FIND_CANNOT_SLIDE,
                ContractRule.CONCURRENT_SAVES_MERGE, TokenSessionStoreContractTest.CANNOT_MERGE,
                ContractRule.PURGE_REPORTS_REMOVED,
                        "the store holds no sessions, only revoked IDs: purgeExpired "
                                + "returns how many denylist entries it removed, not how many sessions expired",
                ContractRule.SESSIONS_OF_A_PRINCIPAL_ARE_LISTED, TokenSessionStoreContractTest.CANNOT_LIST,
                ContractRule.EXPIRY_IS_ANNOUNCED, TokenSessionStoreContractTest.NO_EXPIRY_EVENT);
    }
}
