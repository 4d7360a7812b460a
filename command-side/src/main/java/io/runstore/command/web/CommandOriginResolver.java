package io.runstore.command.web;

import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.security.Caller;
import io.runstore.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives a controller the {@link CommandOrigin} of the request it handles: the caller (authenticated by the chain),
 * the namespace the chain authorized the request in (the run's), and the Idempotency-Key header. In multi-user mode
 * a key is scoped to the caller: another caller sending the same key neither gets this one's answer nor is refused
 * for it.
 */
class CommandOriginResolver implements HandlerMethodArgumentResolver {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Visible ASCII, as the IETF Idempotency-Key draft suggests; long enough for any UUID or hash. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final Callers callers;

    CommandOriginResolver(Callers callers) {
        this.callers = callers;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandOrigin.class;
    }

    @Override
    public CommandOrigin resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                         NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Caller caller = callers.authenticate(request);
        String principal = caller.multiUser() ? caller.principal() : null;
        String namespace = request.getAttribute(Callers.NAMESPACE_ATTRIBUTE) instanceof String authorized
                ? authorized : null;
        String key = webRequest.getHeader(IDEMPOTENCY_KEY);
        if (key == null) {
            CommandOrigin fresh = CommandOrigin.fresh();
            return new CommandOrigin(fresh.commandId(), null, principal, namespace);
        }
        if (!KEY.matcher(key).matches()) {
            throw CommandRejectedException.invalidArgument(
                    IDEMPOTENCY_KEY + ": 1 to 255 visible ASCII characters expected");
        }
        BufferedRequest buffered = webRequest.getNativeRequest(BufferedRequest.class);
        byte[] body = buffered == null ? new byte[0] : buffered.body();
        return new CommandOrigin(scoped(principal, key), fingerprint(request, body), principal, namespace);
    }

    /**
     * The command id of a key: the key itself in single-user mode; in multi-user mode the key under the caller's
     * scope (a hash of the principal, so that one caller's keys cannot name another's); a key too long for the
     * command id column (255) with the scope is replaced by its hash.
     */
    static String scoped(String principal, String key) {
        if (principal == null) {
            return key;
        }
        String scope = sha256(principal.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + "/";
        return scope.length() + key.length() <= 255 ? scope + key
                : scope + "#" + sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of method, path with query and body: a retry sends the same bytes, another request does not. */
    static String fingerprint(HttpServletRequest request, byte[] body) {
        String target = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
        byte[] head = target.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return sha256(all);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
