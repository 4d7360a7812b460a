package io.runstore.server.cli;

import io.runstore.projections.replay.ReplayProgress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a replay's progress while it runs: on a terminal a live bar redrawn in place every 200 ms, otherwise a plain
 * line every 10 s and one at each change of phase (for logs).
 */
final class ProgressPrinter implements AutoCloseable {

    private static final int WIDTH = 30;

    private final ReplayProgress progress;
    private final PrintWriter out;
    private final boolean bar;
    private final Thread thread;
    private volatile boolean running = true;
    private String lastPhase = "";

    ProgressPrinter(ReplayProgress progress, PrintWriter out, boolean bar) {
        this.progress = progress;
        this.out = out;
        this.bar = bar;
        this.thread = new Thread(this::loop, "replay-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        long lastLine = 0;
        while (running) {
            ReplayProgress.Snapshot snapshot = progress.snapshot();
            long now = System.nanoTime();
            if (bar) {
                out.print("\r" + barLine(snapshot));
                out.flush();
            } else if (!snapshot.phase().equals(lastPhase) || now - lastLine >= 10_000_000_000L) {
                out.println(line(snapshot));
                out.flush();
                lastLine = now;
                lastPhase = snapshot.phase();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ReplayProgress.Snapshot snapshot = progress.snapshot();
        out.println(bar ? "\r" + barLine(snapshot) : line(snapshot));
        out.flush();
    }

    static String line(ReplayProgress.Snapshot snapshot) {
        return String.format(Locale.ROOT, "%s: %,d of %,d events (%.0f%%), %,.0f events/s, ETA %s",
                snapshot.phase().toLowerCase(Locale.ROOT), snapshot.done(), snapshot.total(),
                snapshot.fraction() * 100, snapshot.eventsPerSecond(), eta(snapshot.etaSeconds()));
    }

    static String barLine(ReplayProgress.Snapshot snapshot) {
        int filled = (int) Math.round(snapshot.fraction() * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + line(snapshot) + "   ";
    }

    private static String eta(long seconds) {
        if (seconds < 0) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
