package io.runstore.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

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

    /**
     * A row that must commit or roll back with the current command's events, written as {@link #write} writes: in a
     * group commit the rows that the group's commands insert into the same table and columns go in one statement, not
     * a statement (and a round trip, with the group's lock held) each. When the row's insert fails in a transaction
     * of its own command's, the command is told what {@code onFailure} makes of the failure (a row that fails in a
     * shared statement fails the group, whose commands are then written one by one).
     */
    public static void insert(DSLContext dsl, Table<?> table, Record row, UnaryOperator<RuntimeException> onFailure) {
        write(new RowInsert(dsl, table, row, onFailure));
    }

    /** A write that is one row of a table, which a group commit inserts with the other such rows of the group. */
    record RowInsert(DSLContext dsl, Table<?> table, Record row, UnaryOperator<RuntimeException> onFailure)
            implements Runnable {

        @Override
        public void run() {
            try {
                dsl.insertInto(table, row.fields()).values(row.intoArray()).execute();
            } catch (RuntimeException failure) {
                throw onFailure.apply(failure);
            }
        }

        /** The table and columns: rows of one shape go in one statement. */
        List<Object> shape() {
            List<Object> shape = new ArrayList<>();
            shape.add(table.getQualifiedName());
            for (Field<?> field : row.fields()) {
                shape.add(field.getUnqualifiedName());
            }
            return shape;
        }
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
