package io.runstore.bench.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The lock the benchmarks of a shared machine take turns with: {@code flock(1)} on a file, held by a child process
 * for as long as this is open. (Java's own file locks are POSIX record locks, which flock(2) does not see on Linux.)
 */
public final class TimingLock implements AutoCloseable {

    private static final String HELD = "held";

    private final Process holder;

    private TimingLock(Process holder) {
        this.holder = holder;
    }

    /** Waits for the lock. */
    public static TimingLock acquire(Path file) throws IOException {
        Process holder = new ProcessBuilder("flock", file.toString(), "sh", "-c", "echo " + HELD + "; exec cat")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (!HELD.equals(line)) {
            holder.destroy();
            throw new IOException("flock " + file + " did not take the lock");
        }
        return new TimingLock(holder);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        holder.getOutputStream().close();
        holder.waitFor();
    }
}
