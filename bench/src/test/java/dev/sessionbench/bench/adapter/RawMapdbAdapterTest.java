package dev.sessionbench.bench.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawMapdbAdapterTest {

    @TempDir
    Path dir;

    @Test
    void walCommitsEveryWriteThroughTheStoresJournal() throws Exception {
        Path file = dir.resolve("raw.db");
        Path journal = dir.resolve("raw.db.journal");
        try (RawMapdbAdapter a = new RawMapdbAdapter(file, true, () -> {})) {
            byte[] before = Files.readAllBytes(journal);
            String key = a.create("a0", "v");
            assertThat(Files.readAllBytes(journal))
                    .as("the committed batch is in the journal (which grows in steps, so its size may not change)")
                    .isNotEqualTo(before);
            assertThat((byte[]) a.lookup(key)).asString().isEqualTo("a0=v");
        }
    }

    @Test
    void withoutWalNothingIsCommittedAfterOpening() throws Exception {
        Path file = dir.resolve("raw.db");
        Path journal = dir.resolve("raw.db.journal");
        try (RawMapdbAdapter a = new RawMapdbAdapter(file, false, () -> {})) {
            byte[] before = Files.readAllBytes(journal);
            for (int i = 0; i < 100; i++) {
                a.seed(Map.of("a" + i, "v"));
            }
            assertThat(Files.readAllBytes(journal)).isEqualTo(before);
        }
    }

    @Test
    void seedingCommitsOnceAtTheEnd() throws Exception {
        Path file = dir.resolve("raw.db");
        Path journal = dir.resolve("raw.db.journal");
        try (RawMapdbAdapter a = new RawMapdbAdapter(file, true, () -> {})) {
            byte[] before = Files.readAllBytes(journal);
            String[] keys = new String[2];
            a.bulkLoad(() -> {
                keys[0] = a.seed(Map.of("a", "1"));
                try {
                    assertThat(Files.readAllBytes(journal))
                            .as("no commit inside the load")
                            .isEqualTo(before);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                keys[1] = a.seed(Map.of("a", "2"));
            });
            assertThat(Files.readAllBytes(journal)).as("one commit at the end").isNotEqualTo(before);
            assertThat(a.lookup(keys[1])).isNotNull();
        }
    }

    @Test
    void fsyncWritesOnePagePerOperationInItsDirectory() throws Exception {
        Path file = dir.resolve("fsync.dat");
        boolean[] cleaned = {false};
        try (RawFsyncAdapter a = new RawFsyncAdapter(file, () -> cleaned[0] = true)) {
            String v = a.seed(Map.of());
            assertThat(a.accessAndSave(v, "a0", "x")).isEqualTo(v);
            assertThat(Files.size(file)).isEqualTo(RawFsyncAdapter.PAGE);
            assertThat(a.create("a0", "x")).hasSize(43);
        }
        assertThat(cleaned[0]).isTrue();
    }
}
