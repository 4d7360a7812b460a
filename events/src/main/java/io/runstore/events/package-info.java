/**
 * The vocabulary of runstore: immutable, versioned events (past tense, run id first) and the value types they use.
 * Every module depends on this one; it depends on nothing of ours. An event's shape never changes in place: a new
 * shape gets a new {@code @Revision} and an upcaster for the old one.
 */
package io.runstore.events;
