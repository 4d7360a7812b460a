package io.runstore.command.web;

import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
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

/** Gives a controller the {@link CommandOrigin} of the request it handles, from the Idempotency-Key header. */
class CommandOriginResolver implements HandlerMethodArgumentResolver {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Visible ASCII, as the IETF Idempotency-Key draft suggests; long enough for any UUID or hash. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandOrigin.class;
    }

    @Override
    public CommandOrigin resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                         NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        String key = webRequest.getHeader(IDEMPOTENCY_KEY);
        if (key == null) {
            return CommandOrigin.fresh();
        }
        if (!KEY.matcher(key).matches()) {
            throw CommandRejectedException.invalidArgument(
                    IDEMPOTENCY_KEY + ": 1 to 255 visible ASCII characters expected");
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        BufferedRequest buffered = webRequest.getNativeRequest(BufferedRequest.class);
        byte[] body = buffered == null ? new byte[0] : buffered.body();
        return new CommandOrigin(key, fingerprint(request, body));
    }

    /** SHA-256 of method, path with query and body: a retry sends the same bytes, another request does not. */
    static String fingerprint(HttpServletRequest request, byte[] body) {
        String target = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
