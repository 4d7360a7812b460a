package io.runstore.query.auth;

import io.runstore.api.ErrorCode;
import io.runstore.query.web.QueryException;

import java.util.Set;

/**
 * Who is asking. In single-user mode everyone is the unrestricted caller and namespaces are ignored; in multi-user
 * mode a caller reads only its namespaces.
 */
public record Caller(String principal, Set<String> namespaces, boolean multiUser) {

    public static final Caller SINGLE_USER = new Caller("", Set.of(), false);

    public boolean mayRead(String namespace) {
        return !multiUser || namespaces.contains(namespace);
    }

    /** Refuses with 403 unless the caller may read this namespace. */
    public void checkMayRead(String namespace, String what) {
        if (!mayRead(namespace)) {
            throw new QueryException(ErrorCode.PERMISSION_DENIED, principal + " may not read " + what
                    + ": it belongs to namespace '" + namespace + "'");
        }
    }
}
