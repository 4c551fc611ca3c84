package dev.sessionbench.store.token;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;

/** The contract once more for encrypted tokens (JWE dir+A256GCM) with the in-memory denylist. */
class EncryptedTokenSessionStoreContractTest extends TokenSessionStoreRevocationContractTest {

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        return open(TokenSessionStore.builder()
                .policy(policy)
                .encrypted(true)
                .maxCookieBytes(TokenSessionStoreContractTest.CONTRACT_COOKIE_BYTES)
                .revocation(TokenSessionStore.Revocation.MEMORY));
    }

    @Override
    protected String storeUri() {
        return "token:?encrypt=true&revocation=memory";
    }
}
