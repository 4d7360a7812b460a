package io.runstore.bench.append;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/** A benchmark's {@code --name=value} options (a bare {@code --name} means true), with quiet jOOQ and logging. */
public final class BenchOptions {

    private BenchOptions() {
    }

    public static Map<String, String> parse(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                String[] pair = arg.substring(2).split("=", 2);
                options.put(pair[0], pair.length > 1 ? pair[1] : "true");
            }
        }
        return options;
    }
}
