package io.runstore.query.listing;

/** KFP's filter operations. */
public enum Operation {
    EQUALS,
    NOT_EQUALS,
    GREATER_THAN,
    GREATER_THAN_EQUALS,
    LESS_THAN,
    LESS_THAN_EQUALS,
    IN,
    IS_SUBSTRING
}
