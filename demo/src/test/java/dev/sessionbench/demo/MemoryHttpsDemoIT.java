package dev.sessionbench.demo;

/** The demo over https with the production {@code __Host-sid} cookie (Secure), on the memory store. */
class MemoryHttpsDemoIT extends DemoScenario {
    @Override
    protected String storeUri() {
        return "memory:";
    }

    @Override
    protected boolean https() {
        return true;
    }
}
