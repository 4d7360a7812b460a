package io.runstore.bench.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of processes on this machine from {@code /proc} (Linux): one process by id, or every process of a database
 * server by its command name (PostgreSQL forks a backend per connection; other clients of the same server count too).
 * Milliseconds of user and system time; -1 where {@code /proc}
 * is not there.
 */
final class ProcessCpu {

    /** USER_HZ on Linux (the unit of utime and stime in /proc/PID/stat). */
    private static final long TICKS_PER_SECOND = 100;
    private static final Set<String> DATABASE_SERVERS = Set.of("postgres", "mariadbd", "mysqld");

    private ProcessCpu() {
    }

    static long ofProcess(long pid) {
        return millis(Path.of("/proc", Long.toString(pid), "stat"), false);
    }

    /** Every PostgreSQL, MariaDB or MySQL server process. */
    static long ofDatabaseServers() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(proc)) {
            return entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(ProcessCpu::isDatabaseServer)
                    .mapToLong(entry -> Math.max(0, millis(entry.resolve("stat"), true)))
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isDatabaseServer(Path process) {
        try {
            return DATABASE_SERVERS.contains(Files.readString(process.resolve("comm")).trim());
        } catch (IOException e) {
            return false; // exited
        }
    }

    /**
     * @param withExitedChildren also the CPU of children that exited and were waited for: PostgreSQL's postmaster
     *                           reaps its backends, so a backend's time moves to it and the sum stays whole
     */
    private static long millis(Path stat, boolean withExitedChildren) {
        try {
            String text = Files.readString(stat);
            // the command name, field 2, is in parentheses and may hold spaces: count fields after its closing one
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withExitedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
