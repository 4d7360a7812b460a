package io.runstore.query.listruns;

import io.runstore.query.QueryTestApplication;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.listruns.HttpListRuns;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The query role in this JVM on a free port, multi-user with one bearer-token principal that may read the given
 * namespaces (in single-user mode the API ignores the namespace parameter), served over real HTTP.
 */
final class InProcessQueryApi implements QueryApi {

    private static final String TOKEN = "equivalence-token";

    private final ConfigurableApplicationContext context;
    private final HttpListRuns listRuns;

    private InProcessQueryApi(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.listRuns = new HttpListRuns(URI.create("http://127.0.0.1:" + port), TOKEN);
    }

    static QueryApi start(TestDatabase database, List<String> namespaces) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.flyway.enabled=false",
                "--runstore.auth.mode=multi-user",
                "--runstore.auth.principals[0].name=equivalence",
                "--runstore.auth.principals[0].tokens[0]=" + TOKEN));
        for (String property : database.springProperties()) {
            arguments.add("--" + property);
        }
        for (int i = 0; i < namespaces.size(); i++) {
            arguments.add("--runstore.auth.principals[0].namespaces[" + i + "]=" + namespaces.get(i));
        }
        return new InProcessQueryApi(new SpringApplicationBuilder(QueryTestApplication.class).profiles("query")
                .run(arguments.toArray(String[]::new)));
    }

    @Override
    public HttpListRuns listRuns() {
        return listRuns;
    }

    @Override
    public void close() {
        context.close();
    }
}
