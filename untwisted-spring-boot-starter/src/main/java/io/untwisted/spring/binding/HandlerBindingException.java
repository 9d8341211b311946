package io.untwisted.spring.binding;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * An {@code @OnEvent} method cannot be bound; thrown at startup, never at event time. The message
 * names the bean, the method and the reason.
 */
public class HandlerBindingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String beanName;
    private final transient Method method;

    /**
     * Creates the exception for {@code method} of bean {@code beanName}.
     *
     * @param reason why it cannot be bound, as a sentence fragment
     */
    public HandlerBindingException(String beanName, Method method, String reason) {
        this(beanName, method, reason, null);
    }

    /**
     * Creates the exception for {@code method} of bean {@code beanName}, with the failure that
     * caused it.
     */
    public HandlerBindingException(String beanName, Method method, String reason, @Nullable Throwable cause) {
        super("Cannot bind @OnEvent method " + describe(method) + " of bean '" + beanName + "' ("
                + method.getDeclaringClass().getName() + "): " + reason, cause);
        this.beanName = beanName;
        this.method = method;
    }

    /** The name of the bean that declares the method. */
    public String getBeanName() {
        return this.beanName;
    }

    /** The method that cannot be bound. */
    public Method getMethod() {
        return this.method;
    }

    /** A method as {@code name(SimpleType, SimpleType)}. */
    static String describe(Method method) {
        StringBuilder text = new StringBuilder(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }
}
