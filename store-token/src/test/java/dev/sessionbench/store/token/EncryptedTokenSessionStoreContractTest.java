package dev.sessionbench.store.token;

/** The contract once more for encrypted tokens (JWE dir+A256GCM) with the in-memory denylist. */
class EncryptedTokenSessionStoreContractTest extends TokenSessionStoreRevocationContractTest {

    @Override
    TokenSessionStore.Builder configure(TokenSessionStore.Builder builder) {
        return super.configure(builder).encrypted(true);
    }

    @Override
    protected String storeUri() {
        return "token:?encrypt=true&revocation=memory";
    }
}
