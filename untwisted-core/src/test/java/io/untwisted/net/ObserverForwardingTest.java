package io.untwisted.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * An observer that wraps another one must pass on every call: a method it inherits as the no-op
 * default silently stops that call from reaching metrics (a close cause, a TLS failure).
 */
class ObserverForwardingTest {

    @Test
    void theTimeoutWatchOverridesEveryObserverMethod() {
        assertThat(notOverridden(TimeoutWatch.class)).isEmpty();
    }

    static List<String> notOverridden(Class<?> forwarder) {
        return Arrays.stream(NetObserver.class.getDeclaredMethods())
                .filter(method -> !method.isSynthetic() && !java.lang.reflect.Modifier.isStatic(method.getModifiers()))
                .filter(method -> !declares(forwarder, method))
                .map(Method::toString)
                .collect(Collectors.toList());
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        }
        catch (NoSuchMethodException ex) {
            return false;
        }
    }
}
