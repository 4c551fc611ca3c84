package dev.sessionbench.demo;

/**
 * The stateless token store: an issued token stays valid until it expires, so the checks that the pre-login and
 * pre-logout cookies stop working cannot hold here; {@link RevocableTokenDemoIT} makes them with a denylist.
 */
class TokenDemoIT extends DemoScenario {
    @Override
    protected String storeUri() {
        return "token:";
    }

    @Override
    protected boolean retiresOldValues() {
        return false;
    }

    @Override
    protected boolean listsSessions() {
        return false;
    }
}
