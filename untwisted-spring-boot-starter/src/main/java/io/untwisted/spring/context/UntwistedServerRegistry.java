package io.untwisted.spring.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.binding.HandlerMethodBinding;

import org.jspecify.annotations.Nullable;

/**
 * Collects the servers that {@code @SocketServer} beans declare and their {@code @OnEvent}
 * handlers (spring-kafka's registrar pattern), then holds the servers the lifecycle binds.
 *
 * <p>Registration happens at startup, before the lifecycle starts; reading is safe from any thread.
 */
public final class UntwistedServerRegistry {

    private final Map<String, ServerDeclaration> declarations = new LinkedHashMap<>();
    private final Map<String, List<HandlerMethodBinding>> bindings = new LinkedHashMap<>();
    private volatile List<UntwistedServer> servers = List.of();

    /**
     * Records that bean {@code beanName} declares (part of) server {@code annotation.name()}.
     *
     * @throws IllegalStateException when its attributes conflict with another bean's
     */
    public synchronized void declare(String beanName, SocketServer annotation) {
        String name = annotation.name();
        if (name.isBlank()) {
            throw new IllegalStateException("@SocketServer of bean '" + beanName + "' has an empty name");
        }
        this.declarations.computeIfAbsent(name, ServerDeclaration::new).add(beanName, annotation);
        this.bindings.computeIfAbsent(name, key -> new ArrayList<>());
    }

    /** Adds a handler to its server, which must have been declared. */
    public synchronized void register(HandlerMethodBinding binding) {
        List<HandlerMethodBinding> forServer = this.bindings.get(binding.server());
        if (forServer == null) {
            throw new IllegalStateException("server '" + binding.server() + "' of " + binding + " is not declared");
        }
        forServer.add(binding);
    }

    /** The declared servers, in declaration order. */
    public synchronized Collection<ServerDeclaration> declarations() {
        return List.copyOf(this.declarations.values());
    }

    /** The handlers of server {@code name}, in registration order. */
    public synchronized List<HandlerMethodBinding> bindings(String name) {
        return List.copyOf(this.bindings.getOrDefault(name, List.of()));
    }

    /** The servers the lifecycle created, bound while the context runs; empty before it starts. */
    public List<UntwistedServer> servers() {
        return this.servers;
    }

    /** The server called {@code name}, or null before the context starts or for an unknown name. */
    public @Nullable UntwistedServer server(String name) {
        for (UntwistedServer server : this.servers) {
            if (server.name().equals(name)) {
                return server;
            }
        }
        return null;
    }

    void servers(List<UntwistedServer> servers) {
        this.servers = Collections.unmodifiableList(new ArrayList<>(servers));
    }
}
