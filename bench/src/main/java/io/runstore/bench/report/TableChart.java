package io.runstore.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A bar chart ({@link Charts#bars}) of figures read from a table of a benchmark page, for pages whose benchmark draws
 * none: the chart shows the page's own numbers, none typed anew. The table is the first whose header has every column
 * named; a bar's category is its row's {@code --categories} cells joined, its series either the {@code --series}
 * cell (one {@code --values} column) or the value column's name (several). A cell that is not a number (with an
 * optional unit: {@code 32.8 MB}, {@code **4.9 s**}, {@code 1,200}) draws no bar.
 * <pre>
 * java -cp "bench/target/runstore-bench.jar:$(cat bench/target/classpath.txt)" io.runstore.bench.report.TableChart \
 *   --page=docs/benchmarks/manifests.md --categories=database,system --series=generator \
 *   --values="on disk per run" --title="..." --value-label="KB per run" --out=docs/benchmarks/manifests.png
 * </pre>
 */
public final class TableChart {

    private static final Pattern NUMBER = Pattern.compile("^\\**\\s*(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*[A-Za-z%×]*\\s*\\**$");

    private TableChart() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Arrays.stream(args).filter(arg -> arg.startsWith("--"))
                .map(arg -> arg.substring(2).split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : "true"));
        System.setProperty("java.awt.headless", "true");
        List<String> categories = columns(options.get("categories"));
        List<String> values = columns(options.get("values"));
        String series = options.get("series");
        BarValues bars = read(Files.readAllLines(Path.of(required(options.get("page"), "page"))), categories, series,
                values);
        Charts.bars(Path.of(required(options.get("out"), "out")), required(options.get("title"), "title"),
                required(options.get("value-label"), "value-label"), bars.asMap(), false);
    }

    /** The bars of the first table of {@code page} whose header names every column asked for. */
    static BarValues read(List<String> page, List<String> categories, String series, List<String> values) {
        if (categories.isEmpty() || values.isEmpty() || (series != null && values.size() != 1)) {
            throw new IllegalArgumentException("give --categories, and --values: one column with --series, "
                    + "one or more without");
        }
        List<String> wanted = new ArrayList<>(categories);
        wanted.addAll(values);
        if (series != null) {
            wanted.add(series);
        }
        for (int line = 0; line + 1 < page.size(); line++) {
            List<String> header = cells(page.get(line));
            if (header.isEmpty() || !page.get(line + 1).trim().startsWith("|---") || !header.containsAll(wanted)) {
                continue;
            }
            BarValues bars = new BarValues();
            for (int row = line + 2; row < page.size() && page.get(row).trim().startsWith("|"); row++) {
                List<String> cells = cells(page.get(row));
                String category = String.join(", ", categories.stream().map(c -> cells.get(header.indexOf(c)))
                        .toList());
                for (String value : values) {
                    Matcher number = NUMBER.matcher(cells.get(header.indexOf(value)));
                    if (number.matches()) {
                        String name = series == null ? value : cells.get(header.indexOf(series));
                        if (bars.asMap().getOrDefault(name, Map.of()).containsKey(category)) {
                            throw new IllegalArgumentException("two rows give " + name + " of " + category
                                    + ": add a column to --categories");
                        }
                        bars.put(name, category, Double.parseDouble(number.group(1).replace(",", "")));
                    }
                }
            }
            return bars;
        }
        throw new IllegalArgumentException("no table has the columns " + wanted);
    }

    private static List<String> cells(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("|") || !trimmed.endsWith("|") || trimmed.length() < 2) {
            return List.of();
        }
        return Arrays.stream(trimmed.substring(1, trimmed.length() - 1).split("\\|", -1)).map(String::trim).toList();
    }

    private static List<String> columns(String option) {
        return option == null ? List.of() : Arrays.stream(option.split(",")).map(String::trim).toList();
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
