package io.runstore.bench.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;

/** PNG charts of benchmark results, drawn headless with JFreeChart, in one palette: one colour per system. */
public final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 540;
    private static final int CATEGORY_LABEL_LINES = 5;
    private static final Color[] PALETTE = {
            new Color(0xD9, 0x5F, 0x02), new Color(0x75, 0x70, 0xB3), new Color(0x1B, 0x9E, 0x77),
            new Color(0xE7, 0x29, 0x8A), new Color(0x66, 0xA6, 0x1E)};

    private Charts() {
    }

    /** A point of a line: x and y. */
    public record Point(double x, double y) {
    }

    /** A line of a chart; {@code colour} indexes the palette, {@code dashed} tells variants of one system apart. */
    public record Line(String name, int colour, boolean dashed, List<Point> points) {
    }

    /** Lines on logarithmic axes (both values must be positive). */
    public static void logLogLines(Path file, String title, String xLabel, String yLabel, List<Line> lines)
            throws IOException {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Line line : lines) {
            XYSeries series = new XYSeries(line.name());
            line.points().forEach(point -> series.add(point.x(), point.y()));
            dataset.addSeries(series);
        }
        LogAxis x = new LogAxis(xLabel);
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        LogAxis y = new LogAxis(yLabel);
        y.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            renderer.setSeriesPaint(i, PALETTE[line.colour() % PALETTE.length]);
            renderer.setSeriesStroke(i, line.dashed()
                    ? new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[]{8f, 6f}, 0f)
                    : new BasicStroke(2.5f));
        }
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        save(file, new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true));
    }

    /**
     * Grouped bars: {@code values} maps a series (one colour each, in order) to its value per category. With
     * {@code logarithmic}, the value axis is logarithmic (JFreeChart draws bars on it poorly: prefer linear).
     */
    public static void bars(Path file, String title, String valueLabel, Map<String, Map<String, Double>> values,
                            boolean logarithmic) throws IOException {
        save(file, barChart(title, valueLabel, values, logarithmic, "#,##0.#"));
    }

    /**
     * Grouped bars of ratios against a baseline measured in the same run, with a line at 1 (the baseline) named
     * {@code baseline}.
     */
    public static void ratioBars(Path file, String title, String valueLabel, String baseline,
                                 Map<String, Map<String, Double>> values) throws IOException {
        JFreeChart chart = barChart(title, valueLabel, values, false, "0.00");
        ValueMarker one = new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.5f));
        one.setLabel(baseline + " = 1");
        one.setLabelFont(new Font("SansSerif", Font.PLAIN, 11));
        one.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        one.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        chart.getCategoryPlot().addRangeMarker(one, Layer.FOREGROUND);
        save(file, chart);
    }

    static JFreeChart barChart(String title, String valueLabel, Map<String, Map<String, Double>> values,
                               boolean logarithmic, String valueFormat) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((category, value) ->
                dataset.addValue(value, series, category)));
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat(valueFormat)));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font("SansSerif", Font.PLAIN, 11));
        for (int i = 0; i < values.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryAxis categories = new CategoryAxis();
        categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        // long labels ("POSTGRESQL, storage_state NOT_EQUALS ARCHIVED") wrap at their spaces instead of ending in "..."
        categories.setTickLabelFont(new Font("SansSerif", Font.PLAIN, 11));
        categories.setMaximumCategoryLabelLines(CATEGORY_LABEL_LINES);
        categories.setCategoryMargin(0.15);
        var valueAxis = logarithmic ? new LogAxis(valueLabel) : new NumberAxis(valueLabel);
        if (valueAxis instanceof LogAxis log) {
            log.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        }
        CategoryPlot plot = new CategoryPlot(dataset, categories, valueAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
