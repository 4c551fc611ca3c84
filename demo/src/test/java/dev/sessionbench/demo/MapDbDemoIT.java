package dev.sessionbench.demo;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The demo on a MapDB file in a temporary directory. */
class MapDbDemoIT extends DemoScenario {

    @TempDir
    Path dir;

    @Override
    protected String storeUri() {
        return "mapdb:" + dir.resolve("demo.db");
    }
}
