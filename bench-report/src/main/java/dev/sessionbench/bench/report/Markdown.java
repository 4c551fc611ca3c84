package dev.sessionbench.bench.report;

import java.util.List;

/** A Markdown text being written: headings, paragraphs, tables and theme-aware chart pictures. */
final class Markdown {

    private final StringBuilder out = new StringBuilder();

    Markdown heading(int level, String text) {
        blank();
        out.append("#".repeat(level)).append(' ').append(text).append("\n\n");
        return this;
    }

    Markdown paragraph(String text) {
        blank();
        out.append(text).append("\n\n");
        return this;
    }

    Markdown bullets(List<String> items) {
        blank();
        items.forEach(i -> out.append("- ").append(i).append('\n'));
        out.append('\n');
        return this;
    }

    Markdown code(String language, String text) {
        blank();
        out.append("```").append(language).append('\n').append(text.strip()).append("\n```\n\n");
        return this;
    }

    /** Adds a table; cells may not contain newlines, and a '|' in a cell is escaped. */
    Markdown table(List<String> header, List<List<String>> rows) {
        blank();
        row(header);
        out.append('|');
        header.forEach(h -> out.append(" --- |"));
        out.append('\n');
        rows.forEach(this::row);
        out.append('\n');
        return this;
    }

    /** Adds a chart as a {@code <picture>} that shows the dark SVG under a dark colour scheme, else the light one. */
    Markdown picture(String chartsDir, String name, String alt) {
        blank();
        out.append("<picture>\n")
                .append("  <source media=\"(prefers-color-scheme: dark)\" srcset=\"")
                .append(chartsDir)
                .append('/')
                .append(name)
                .append("-dark.svg\">\n")
                .append("  <img alt=\"")
                .append(alt.replace("\"", "&quot;"))
                .append("\" src=\"")
                .append(chartsDir)
                .append('/')
                .append(name)
                .append("-light.svg\">\n")
                .append("</picture>\n\n");
        return this;
    }

    Markdown raw(String text) {
        out.append(text);
        return this;
    }

    private void row(List<String> cells) {
        out.append('|');
        for (String c : cells) {
            out.append(' ')
                    .append(c == null ? "" : c.replace("|", "\\|").replace("\n", " "))
                    .append(" |");
        }
        out.append('\n');
    }

    private void blank() {
        int n = out.length();
        if (n > 0 && out.charAt(n - 1) != '\n') {
            out.append("\n\n");
        } else if (n > 1 && out.charAt(n - 2) != '\n') {
            out.append('\n');
        }
    }

    @Override
    public String toString() {
        String s = out.toString();
        while (s.endsWith("\n\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Returns text as inline code. */
    static String code(String text) {
        return "`" + text + "`";
    }
}
