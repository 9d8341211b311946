package io.untwisted.spring.context;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.untwisted.spring.annotation.ErrorPolicy;
import io.untwisted.spring.annotation.SocketServer;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * One server as the {@code @SocketServer} beans declare it: the attributes of every bean that
 * names it, merged. An attribute left at its default by one bean takes the value another bean
 * gives it; two different non-default values are a conflict.
 *
 * <p>Built at startup on one thread; not thread-safe.
 */
public final class ServerDeclaration {

    private static final Method[] ATTRIBUTES = SocketServer.class.getDeclaredMethods();

    private final String name;
    private final List<String> beanNames = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> declaredBy = new LinkedHashMap<>();

    /** A declaration of server {@code name}, with no bean yet. */
    public ServerDeclaration(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Adds the attributes of bean {@code beanName}'s annotation.
     *
     * @throws IllegalStateException when an attribute conflicts with another bean's
     */
    public void add(String beanName, SocketServer annotation) {
        this.beanNames.add(beanName);
        for (Method attribute : ATTRIBUTES) {
            String key = attribute.getName();
            if ("name".equals(key)) {
                continue;
            }
            Object value = ReflectionUtils.invokeMethod(attribute, annotation);
            Object defaultValue = attribute.getDefaultValue();
            if (value == null || value.equals(defaultValue)) {
                continue;
            }
            Object existing = this.values.get(key);
            if (existing != null && !existing.equals(value)) {
                throw new IllegalStateException("untwisted server '" + this.name + "' is declared with " + key + " = '"
                        + existing + "' by bean '" + this.declaredBy.get(key) + "' and " + key + " = '" + value
                        + "' by bean '" + beanName + "'; give it in one bean only, or set untwisted.servers."
                        + this.name + "." + key);
            }
            this.values.put(key, value);
            this.declaredBy.put(key, beanName);
        }
    }

    /** The server's name. */
    public String name() {
        return this.name;
    }

    /** The beans that declare the server, in registration order. */
    public List<String> beanNames() {
        return Collections.unmodifiableList(this.beanNames);
    }

    /** The port attribute, placeholders unresolved. */
    public String port() {
        return (String) value("port");
    }

    /** The host attribute, placeholders unresolved. */
    public String host() {
        return (String) value("host");
    }

    /** The backlog attribute. */
    public int backlog() {
        return (Integer) value("backlog");
    }

    /** The delimiter attribute; empty for no framing. */
    public String delimiter() {
        return (String) value("delimiter");
    }

    /** The maxFrameLength attribute, in bytes. */
    public int maxFrameLength() {
        return (Integer) value("maxFrameLength");
    }

    /** The idleTimeout attribute, placeholders unresolved; empty for none. */
    public String idleTimeout() {
        return (String) value("idleTimeout");
    }

    /** The maxConnections attribute; 0 for no limit. */
    public int maxConnections() {
        return (Integer) value("maxConnections");
    }

    /** The writeHighWatermark attribute; empty for the default. */
    public String writeHighWatermark() {
        return (String) value("writeHighWatermark");
    }

    /** The writeLowWatermark attribute; empty for the default. */
    public String writeLowWatermark() {
        return (String) value("writeLowWatermark");
    }

    /** The writeLimit attribute; empty for the default. */
    public String writeLimit() {
        return (String) value("writeLimit");
    }

    /** The onError attribute. */
    public ErrorPolicy onError() {
        return (ErrorPolicy) value("onError");
    }

    private Object value(String key) {
        Object value = this.values.get(key);
        return value != null ? value : defaultOf(key);
    }

    private static Object defaultOf(String key) {
        for (Method attribute : ATTRIBUTES) {
            if (attribute.getName().equals(key)) {
                return Objects.requireNonNull(attribute.getDefaultValue(), key);
            }
        }
        throw new IllegalArgumentException("no attribute " + key);
    }

    @Override
    public String toString() {
        return "ServerDeclaration[" + this.name + " by " + this.beanNames + " " + this.values + "]";
    }

    /** The bean that gave {@code key} its value, or null when it has its default. */
    public @Nullable String declaredBy(String key) {
        return this.declaredBy.get(key);
    }
}
