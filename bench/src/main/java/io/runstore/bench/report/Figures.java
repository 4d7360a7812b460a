package io.runstore.bench.report;

/** How the reports write measured figures. */
public final class Figures {

    private Figures() {
    }

    public static String perSecond(double value) {
        return String.format("%,.0f", value);
    }

    public static String millis(double value) {
        return String.format("%.1f ms", value);
    }

    public static String ratio(double value) {
        return String.format("%.1fx", value);
    }

    public static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1024.0 / 1024.0);
    }
}
