package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header pages a volume keeps at hand for MapDB's header checksum read exactly what the layers below hold: the
 * pending write, the synced one, zeros after a truncation, and the file's content after a reopen.
 */
class JournaledVolumeHeadPagesTest {

    private static final int PAGE = JournaledVolume.PAGE;
    /** An offset in the last header page, and one in the first page after the header. */
    private static final long IN_HEAD = (long) (JournaledVolume.HEAD_PAGES - 1) * PAGE + 8;

    private static final long AFTER_HEAD = (long) JournaledVolume.HEAD_PAGES * PAGE + 8;

    @Test
    void aHeaderPageReadsEveryWriteSyncAndTruncation(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("head.db"));
        JournaledVolume v = new JournaledVolume(file.toFile(), 1L << 20);
        try {
            v.ensureAvailable(AFTER_HEAD + PAGE);
            assertThat(v.getInt(16)).as("a new page reads as zeros").isZero();
            v.putInt(16, 1);
            v.putInt(IN_HEAD, 2);
            v.putInt(AFTER_HEAD, 3);
            assertThat(v.getInt(16)).as("the pending write").isEqualTo(1);
            v.sync();
            assertThat(v.getInt(16)).as("after the sync").isEqualTo(1);
            v.putInt(16, 11); // the synced page is copied into the pending pages again
            assertThat(v.getInt(16))
                    .as("a write after a read of the synced page")
                    .isEqualTo(11);
            assertThat(v.getInt(IN_HEAD)).isEqualTo(2);

            v.truncate(IN_HEAD - 8 - PAGE / 2); // halfway into the page before the last header page
            assertThat(v.getInt(IN_HEAD))
                    .as("a header page after the truncation")
                    .isZero();
            assertThat(v.getInt(16)).isEqualTo(11);
            v.ensureAvailable(AFTER_HEAD + PAGE);
            v.putInt(IN_HEAD, 22);
            v.sync();
            assertThat(v.getInt(IN_HEAD)).isEqualTo(22);
            assertThat(v.getInt(AFTER_HEAD))
                    .as("a page after the header, truncated")
                    .isZero();
        } finally {
            v.close();
        }
        JournaledVolume reopened = new JournaledVolume(file.toFile(), 1L << 20);
        try {
            assertThat(reopened.getInt(16)).isEqualTo(11);
            assertThat(reopened.getInt(IN_HEAD)).isEqualTo(22);
            assertThat(reopened.getInt(AFTER_HEAD)).isZero();
        } finally {
            reopened.close();
        }
    }
}
