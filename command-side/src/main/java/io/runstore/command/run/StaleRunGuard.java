package io.runstore.command.run;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Inside each command's unit of work: a command that a cached run answered without writing anything is checked
 * against the event log ({@link AggregateCache#dropIfStale}); if another server has written to the run since it was
 * cached, the command fails as a lost race, its unit of work (and any command-log write) rolls back, and
 * {@link Commands} sends it again on the run as it is now.
 */
public final class StaleRunGuard implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Its place among the command handler interceptors: after the idempotency interceptor. */
    public static final int ORDER = 2;

    private final AggregateCache cache;

    public StaleRunGuard(AggregateCache cache) {
        this.cache = cache;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        cache.forgetHandedOut();
        Object result = chain.proceed();
        if (result instanceof Written written && cache.dropIfStale(written)) {
            throw new ConcurrencyException("run " + written.runId() + " was changed by another writer after this "
                    + "server cached it");
        }
        return result;
    }
}
