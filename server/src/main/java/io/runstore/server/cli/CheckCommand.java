package io.runstore.server.cli;

import io.runstore.projections.replay.Check;
import org.jooq.DSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code runstore check}: the live read tables against a build from scratch. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Builds the read tables from scratch into check tables (run_list__check, ...), compares them "
                + "with the live tables as checksums per run and prints every difference; the check tables are "
                + "dropped afterwards. Rows that differ while the live projector is behind are compared again.",
                "Exit code 0 when the live tables equal the build, 3 when they differ."})
class CheckCommand extends ReplayCommand {

    @Override
    protected int run(ConfigurableApplicationContext context) throws Exception {
        Check check = new Check(context.getBean(DSLContext.class), context.getBean(PlatformTransactionManager.class),
                source(context), projector(), options(), progress);
        Check.Result result;
        try (ProgressPrinter printer = printer()) {
            result = check.run(() -> Thread.sleep(1_000));
        }
        PrintWriter out = out();
        out.printf("compared %d runs at position %d: %d differences%n", result.runs(), result.position(),
                result.differences().size());
        result.differences().forEach(difference -> out.println("  " + difference));
        out.flush();
        return result.differences().isEmpty() ? 0 : 3;
    }
}
