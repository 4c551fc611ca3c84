package dev.sessionbench.store.mapdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** The store's files on disk: owner-only creation, permission checks, and which file a path names. */
final class StoreFiles {

    /** rw-------: the files hold session attributes in plain text. */
    static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private StoreFiles() {}

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Returns the attributes that make a file owner-only from its creation (so it is never readable by others, not
     * even for a moment), or none where the file system has no POSIX permissions.
     */
    static FileAttribute<?>[] ownerOnly(Path file) {
        return posix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    /** Returns the file's permissions, as in {@code rw-r--r--}, when group or others have any; else null. */
    static String openToOthers(Path file) throws IOException {
        if (!posix(file)) {
            return null;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : permissions) {
            if (GROUP_OR_OTHERS.contains(p)) {
                return PosixFilePermissions.toString(permissions);
            }
        }
        return null;
    }

    /** Takes every permission of group and others away from the file. */
    static void makeOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(Files.getPosixFilePermissions(file));
        permissions.removeAll(GROUP_OR_OTHERS);
        Files.setPosixFilePermissions(file, permissions);
    }

    /**
     * Returns the identity of the file the path names now (device and inode on Unix), or null where the file system
     * has none. Throws {@link java.nio.file.NoSuchFileException} when the path names nothing.
     */
    static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
