package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The physical floor under a crash-safe write: one page written to a file in the directory where the MapDB store
 * keeps its file, then {@link FileChannel#force} (an fsync of the data), per operation. A save that is on disk when
 * it returns needs at least one such force, so no crash-safe store can save faster than this.
 */
final class RawFsyncAdapter extends RawAdapter {

    /** One page of the store's journal. */
    static final int PAGE = 4096;

    private static final Set<Operation> OPERATIONS = EnumSet.of(Operation.CREATE, Operation.ACCESS_AND_SAVE);

    private final FileChannel channel;
    private final Runnable cleanup;
    private final ThreadLocal<ByteBuffer> page = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PAGE));

    RawFsyncAdapter(Path file, Runnable cleanup) {
        super(Subject.RAW_FSYNC, OPERATIONS, false);
        this.cleanup = cleanup;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Writes one page at the start of the file and forces it to the disk. */
    private void writeAndForce() {
        ByteBuffer b = page.get();
        b.clear();
        try {
            while (b.hasRemaining()) {
                channel.write(b, b.position());
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("fsync failed", e);
        }
    }

    @Override
    public String seed(Map<String, String> attributes) {
        return RawValues.key();
    }

    @Override
    public String unknownValue() {
        return RawValues.key();
    }

    @Override
    public String create(String name, String value) {
        writeAndForce();
        return RawValues.key();
    }

    @Override
    public Object lookup(String value) {
        throw unsupported(Operation.LOOKUP_HIT);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        writeAndForce();
        return value;
    }

    /** Forces one more page: the floor under the crash-safe removal the create benchmark pairs with each create. */
    @Override
    public boolean retire(String value) {
        writeAndForce();
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the fsync file", e);
        } finally {
            cleanup.run();
        }
    }
}
