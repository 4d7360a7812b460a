package io.runstore.command.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Optional;

/**
 * Runs inside the command's unit of work. A keyed command already in the log returns its recorded result and writes
 * nothing (or is refused when the request differs); a new one is handled and its result logged in the same
 * transaction as its events ({@link CommandLog#record}). When a concurrent attempt recorded the key first, the primary key
 * makes this attempt fail and roll back: {@link CommandRaceLost} tells the sender to ask again, and the log then
 * answers.
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
        Optional<CommandLog.Recorded> recorded = log.find(commandId);
        if (recorded.isPresent()) {
            if (!recorded.get().fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReused(commandId);
            }
            return recorded.get().result();
        }
        Object result = chain.proceed();
        log.record(commandId, fingerprint, result);
        return result;
    }
}
