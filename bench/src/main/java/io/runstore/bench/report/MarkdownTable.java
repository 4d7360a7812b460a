package io.runstore.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table, numbers right-aligned. */
public final class MarkdownTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] numeric;

    public MarkdownTable(String... headers) {
        this.headers = List.of(headers);
        this.numeric = new boolean[headers.length];
    }

    /** Marks columns (0-based) whose cells are numbers: they are right-aligned. */
    public MarkdownTable numeric(int... columns) {
        for (int column : columns) {
            numeric[column] = true;
        }
        return this;
    }

    public MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("A row of " + headers.size() + " cells, not " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell).replace("|", "\\|"));
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        return render();
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.size(); i++) {
            text.append(numeric[i] ? "---:|" : "---|");
        }
        text.append('\n');
        for (List<String> row : rows) {
            text.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return text.toString();
    }
}
