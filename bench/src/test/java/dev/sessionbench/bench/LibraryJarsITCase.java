package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.SessionStore;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.store.mapdb.MapDbSessionStore;
import dev.sessionbench.store.memory.MemorySessionStore;
import dev.sessionbench.store.redis.RedisSessionStore;
import dev.sessionbench.store.token.TokenSessionStore;
import dev.sessionbench.testkit.SessionStoreContract;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged library jars, as the reactor hands them to this module after {@code package} (run by failsafe): each
 * declares its module name in its manifest, so that the JVM does not derive one from the file name.
 */
class LibraryJarsITCase {

    /** A class of each library jar, and the module name that jar must declare. */
    private static final Map<Class<?>, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put(SessionStore.class, "dev.sessionbench.core");
        MODULES.put(MutableClock.class, "dev.sessionbench.fixtures");
        MODULES.put(SessionStoreContract.class, "dev.sessionbench.testkit");
        MODULES.put(MemorySessionStore.class, "dev.sessionbench.store.memory");
        MODULES.put(MapDbSessionStore.class, "dev.sessionbench.store.mapdb");
        MODULES.put(RedisSessionStore.class, "dev.sessionbench.store.redis");
        MODULES.put(TokenSessionStore.class, "dev.sessionbench.store.token");
    }

    @Test
    void everyLibraryJarDeclaresItsModuleName() throws Exception {
        for (Map.Entry<Class<?>, String> e : MODULES.entrySet()) {
            Path jar = jarOf(e.getKey());
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as("Automatic-Module-Name in the manifest of %s", jar)
                        .isEqualTo(e.getValue());
            }
            List<String> names = ModuleFinder.of(jar).findAll().stream()
                    .map(ModuleReference::descriptor)
                    .map(d -> d.name())
                    .toList();
            assertThat(names).as("the module the JVM finds in %s", jar).containsExactly(e.getValue());
        }
    }

    /** Returns the jar the class was loaded from; fails when it came from a classes directory (before package). */
    private static Path jarOf(Class<?> type) throws URISyntaxException {
        Path location =
                Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(Files.isRegularFile(location) && location.toString().endsWith(".jar"))
                .as(
                        "%s comes from %s, not a packaged jar: run this after package (./mvnw verify)",
                        type.getName(), location)
                .isTrue();
        return location;
    }
}
