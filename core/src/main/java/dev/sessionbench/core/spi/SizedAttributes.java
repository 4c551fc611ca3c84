package dev.sessionbench.core.spi;

import java.util.Map;

/**
 * An immutable attribute map that knows the UTF-8 size of its names and values, for a store that keeps one per
 * stored session. A session restored from one ({@link SessionAccess#restoreSized}) shows it as it is, with no
 * read-only view around it, and takes its size from {@link #utf8Bytes} at its first change instead of counting
 * every attribute again.
 */
public interface SizedAttributes extends Map<String, String> {

    /**
     * Returns the sum of {@link SessionAccess#utf8Length} over all names and values. It must be exact: a session's
     * size limit ({@link dev.sessionbench.core.SessionPolicy#maxSessionBytes()}) is checked against it.
     */
    long utf8Bytes();
}
