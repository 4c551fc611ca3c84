package dev.sessionbench.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** Writes and reads the run's own JSON files ({@link LatencySummary}, {@link RequestCostSummary}) with Jackson. */
final class SummaryFiles {

    private SummaryFiles() {}

    /** Writes {@code summary} as {@code fileName} in {@code dir}, indented, replacing any there; returns the file. */
    static Path write(Path dir, String fileName, Object summary) throws IOException {
        Path file = dir.resolve(fileName);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
        return file;
    }

    /** Returns the {@code type} in {@code file}; throws when its {@code format} is not {@code expected}. */
    static <T> T read(Path file, Class<T> type, Function<T, String> format, String expected) throws IOException {
        T summary = new ObjectMapper().readValue(file.toFile(), type);
        String actual = format.apply(summary);
        if (!expected.equals(actual)) {
            throw new IOException(file + " is of format '" + actual + "', not " + expected);
        }
        return summary;
    }
}
