package io.runstore.bench.http;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The query side's {@code RunLister} of an earlier build, in this process: its jars (a classpath file as
 * {@code bench/target/classpath.txt}, the build's query-side jar named in it) loaded by a class loader of their own, so
 * the in-process SQL is timed before and after a change in the same run, on the same pool.
 */
final class BaselineLister {

    private BaselineLister() {
    }

    /** A first page of {@code namespace} (created_at desc, view DEFAULT) as the earlier build lists it. */
    static Callable<Object> firstPage(Path classpathFile, DataSource dataSource, String dialect, String namespace,
                                      int pageSize) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : Files.readString(classpathFile).strip().split(":")) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader("baseline", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Class<?> dsl = loader.loadClass("org.jooq.impl.DSL");
        Class<?> dialects = loader.loadClass("org.jooq.SQLDialect");
        Class<?> settingsType = loader.loadClass("org.jooq.conf.Settings");
        Class<?> context = loader.loadClass("org.jooq.DSLContext");
        Object settings = settingsType.getMethod("withExecuteLogging", Boolean.class)
                .invoke(settingsType.getConstructor().newInstance(), false);
        Object base = dsl.getMethod("using", DataSource.class, dialects, settingsType)
                .invoke(null, dataSource, dialects.getField(dialect).get(null), settings);
        Object queryDsl = loader.loadClass("io.runstore.query.sql.QueryDsl").getMethod("of", context, Duration.class)
                .invoke(null, base, Duration.ofSeconds(5));
        Class<?> tokens = loader.loadClass("io.runstore.query.listing.PageTokens");
        Object lister = loader.loadClass("io.runstore.query.run.RunLister").getConstructor(context, tokens)
                .newInstance(queryDsl, tokens.getConstructor(byte[].class)
                        .newInstance((Object) "bench".getBytes(StandardCharsets.UTF_8)));
        Class<?> scopes = loader.loadClass("io.runstore.query.run.RunScope");
        Class<?> parametersType = loader.loadClass("io.runstore.query.listing.Listing$Parameters");
        Class<?> views = loader.loadClass("io.runstore.query.run.RunViewMode");
        Object scope = scopes.getMethod("namespace", String.class).invoke(null, namespace);
        Object parameters = parametersType.getConstructor(String.class, String.class, String.class, String.class)
                .newInstance(null, "created_at desc", "sort_by", null);
        Object view = views.getField("DEFAULT").get(null);
        Method list = lister.getClass().getMethod("list", scopes, parametersType, int.class, views);
        return () -> list.invoke(lister, scope, parameters, pageSize, view);
    }
}
