package dev.sessionbench.spring;

/** The example application with its sessions in the JVM heap. */
class MemoryExampleAppIT extends ExampleAppScenarios {

    @Override
    String storeUri() {
        return "memory:";
    }
}
