package io.runstore.command.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Runs inside the command's unit of work: a keyed command is handled and its result logged in the same transaction
 * as its events ({@link CommandLog#record}). The log is not read first. When the key was recorded before (a retry of
 * a request that was answered, or a concurrent attempt that committed first), the log's primary key makes this
 * attempt fail and roll back with {@link CommandRaceLost}, and the sender answers from the log
 * ({@link RecordedAnswers}), as it does when the run as it is now refuses the repeated command.
 */
class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Its place among the command handler interceptors: the first ({@code StaleRunGuard} comes after it). */
    static final int ORDER = 1;

    private final CommandLog log;

    IdempotencyInterceptor(CommandLog log) {
        this.log = log;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String fingerprint = (String) command.getMetaData().get(CommandMetadata.REQUEST_FINGERPRINT);
        if (fingerprint == null) {
            return chain.proceed();
        }
        String commandId = (String) command.getMetaData().get(CommandMetadata.COMMAND_ID);
        Object result = chain.proceed();
        log.record(commandId, fingerprint, result);
        return result;
    }
}
