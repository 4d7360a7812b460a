package io.runstore.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes that must commit or roll back with the current command's events. Inside a database transaction they run at
 * once, in it. A command handled without one (its events go through the {@link GroupCommitter}) hands them to its
 * unit of work, and the engine runs them in the group's transaction with the events; a command that appends no
 * event runs them when its unit of work commits, each in a transaction of its own (one statement each).
 */
public final class AppendTransaction {

    private static final String PENDING = AppendTransaction.class.getName() + ".pending";

    private AppendTransaction() {
    }

    public static void write(Runnable write) {
        if (TransactionSynchronizationManager.isActualTransactionActive() || !CurrentUnitOfWork.isStarted()) {
            write.run();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<Runnable> pending = root.getOrComputeResource(PENDING, key -> {
            root.onPrepareCommit(unitOfWork -> takePending().forEach(Runnable::run));
            return new ArrayList<>();
        });
        pending.add(write);
    }

    /** The writes handed to the current unit of work and not yet run; they are the caller's to run from now on. */
    static List<Runnable> takePending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return List.of();
        }
        List<Runnable> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
        if (pending == null || pending.isEmpty()) {
            return List.of();
        }
        List<Runnable> taken = List.copyOf(pending);
        pending.clear();
        return taken;
    }
}
