package dev.sessionbench.demo;

class MemoryDemoIT extends DemoScenario {
    @Override
    protected String storeUri() {
        return "memory:";
    }
}
