package io.runstore.server.command;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A random property whose failure can be replayed: the failure names the seed its tries were generated from, and
 * {@code -Drunstore.property.seed=<seed>} (on the mvn command line; surefire hands it to the test JVM) makes the
 * properties this hook is added to generate from that seed. It wraps the property's {@code @BeforeProperty} and
 * {@code @AfterProperty} methods, so a check made after the last try names the seed too.
 */
public final class ReplayableSeed implements AroundPropertyHook {

    static final String SEED_PROPERTY = "runstore.property.seed";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String fixed = System.getProperty(SEED_PROPERTY, "").trim();
        if (!fixed.isEmpty()) {
            context.attributes().setSeed(fixed);
        }
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            return result;
        }
        String seed = result.seed().orElse(fixed.isEmpty() ? "(not reported)" : fixed);
        return result.mapToFailed(new AssertionError(context.extendedLabel() + " failed with seed " + seed
                + "; replay with -D" + SEED_PROPERTY + "=" + seed, result.throwable().orElse(null)));
    }

    /** Outside the lifecycle methods' hook (-10). */
    @Override
    public int aroundPropertyProximity() {
        return -20;
    }
}
