package io.runstore.query.auth;

import io.runstore.api.ConsistencyToken;
import io.runstore.query.consistency.ConsistencyWait;
import io.runstore.security.Caller;
import io.runstore.security.Callers;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What every read goes through first: authentication (the chain's caller), then the read-your-writes wait (if a token
 * is sent), which authorizes the token's run before it waits.
 */
public final class ReadGate {

    private final Callers callers;
    private final ConsistencyWait consistency;

    public ReadGate(Callers callers, ConsistencyWait consistency) {
        this.callers = callers;
        this.consistency = consistency;
    }

    public Caller enter(HttpServletRequest request) {
        Caller caller = callers.authenticate(request);
        consistency.await(request.getHeader(ConsistencyToken.HEADER), caller);
        return caller;
    }
}
