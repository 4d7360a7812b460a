package io.runstore.command.web;

import io.runstore.security.Caller;
import io.runstore.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives a controller the {@link Caller} the security chain authenticated (401 when there is none). */
class CallerResolver implements HandlerMethodArgumentResolver {

    private final Callers callers;

    CallerResolver(Callers callers) {
        this.callers = callers;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        return callers.authenticate(webRequest.getNativeRequest(HttpServletRequest.class));
    }
}
