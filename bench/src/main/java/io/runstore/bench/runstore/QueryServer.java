package io.runstore.bench.runstore;

import io.runstore.bench.command.ServerProcess;
import io.runstore.query.listruns.QueryApi;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.listruns.HttpListRuns;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The real server jar as a query-only process (role {@code query}: no command API, no projector: the read tables
 * are already loaded) on runstore's benchmark database. Multi-user, as KFP with namespaces (in single-user mode the
 * query API ignores the namespace): one principal, allowed the given namespaces, authenticated by a random bearer
 * token.
 */
public final class QueryServer implements QueryApi {

    private final ServerProcess process;
    private final String bearerToken;
    private final HttpListRuns listRuns;

    private QueryServer(ServerProcess process, String bearerToken) {
        this.process = process;
        this.bearerToken = bearerToken;
        this.listRuns = new HttpListRuns(base(), bearerToken);
    }

    public static QueryApi start(TestDatabase database, List<String> namespaces)
            throws IOException, InterruptedException {
        return startServer(database, namespaces);
    }

    /** Started and healthy, with what a client needs to call it itself. */
    public static QueryServer startServer(TestDatabase database, List<String> namespaces)
            throws IOException, InterruptedException {
        return startServer(ServerProcess.defaultJar(), database, namespaces);
    }

    /** As {@link #startServer(TestDatabase, List)}, from the given server jar (e.g. an earlier build's). */
    public static QueryServer startServer(Path jar, TestDatabase database, List<String> namespaces)
            throws IOException, InterruptedException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=query",
                "--runstore.auth.mode=multi-user",
                "--runstore.auth.principals[0].name=bench",
                "--runstore.auth.principals[0].tokens[0]=" + token));
        for (int i = 0; i < namespaces.size(); i++) {
            arguments.add("--runstore.auth.principals[0].namespaces[" + i + "]=" + namespaces.get(i));
        }
        return new QueryServer(ServerProcess.start(jar, database, arguments), token);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    public String bearerToken() {
        return bearerToken;
    }

    @Override
    public HttpListRuns listRuns() {
        return listRuns;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
