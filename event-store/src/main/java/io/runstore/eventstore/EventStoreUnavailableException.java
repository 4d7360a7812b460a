package io.runstore.eventstore;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * The event store could not write a command's events in time, or its group-commit worker failed the group they were
 * in: the events were not written (unless the message says they may have been), and sending the command again is the
 * way on. Transient, as Spring's translation of a resource failure.
 */
public class EventStoreUnavailableException extends TransientDataAccessResourceException {

    public EventStoreUnavailableException(String message) {
        super(message);
    }

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
