package io.runstore.bench.append;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table built row by row. */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder table = new StringBuilder();
        table.append("| ").append(String.join(" | ", header)).append(" |\n");
        table.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }

    static String perSecond(double value) {
        return String.format("%,.0f", value);
    }

    static String millis(double value) {
        return String.format("%.1f ms", value);
    }

    static String ratio(double value) {
        return String.format("%.1fx", value);
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }
}
