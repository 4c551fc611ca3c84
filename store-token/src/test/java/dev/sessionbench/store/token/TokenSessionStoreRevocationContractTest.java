package dev.sessionbench.store.token;

import dev.sessionbench.testkit.ContractRule;
import java.util.EnumMap;
import java.util.EnumSet;
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

    /**
     * The plain store's declared rules less the four the denylist keeps (invalidate, invalidateAll and both changeId
     * rules), and a different reason for purge.
     */
    @Override
    protected Map<ContractRule, String> declaredExceptions() {
        Map<ContractRule, String> declared = new EnumMap<>(super.declaredExceptions());
        declared.keySet()
                .removeAll(EnumSet.of(
                        ContractRule.INVALIDATE_RETIRES_ISSUED_VALUES,
                        ContractRule.CHANGE_ID_RETIRES_OLD_VALUE,
                        ContractRule.CHANGE_ID_REFUSES_A_STALE_COPY,
                        ContractRule.INVALIDATE_ALL_ENDS_EVERY_SESSION));
        declared.put(
                ContractRule.PURGE_REPORTS_REMOVED,
                "the store holds no sessions, only revoked IDs: purgeExpired returns how many denylist entries it"
                        + " removed, not how many sessions expired");
        return Map.copyOf(declared);
    }
}
