package dev.sessionbench.demo;

/** The token store with its in-memory denylist: old cookies are refused after login and logout. */
class RevocableTokenDemoIT extends DemoScenario {
    @Override
    protected String storeUri() {
        return "token:?revocation=memory";
    }

    @Override
    protected boolean listsSessions() {
        return false;
    }
}
