package io.untwisted.spring.context;

import java.util.ArrayList;
import java.util.List;

import io.untwisted.net.NetObserver;
import io.untwisted.reactor.Reactor;
import io.untwisted.spring.binding.HandlerMethodBinding;

/**
 * Several instrumentations of one server as one: their observers all see the traffic, and their
 * handler instrumentations nest, the first outermost.
 *
 * <p>Immutable; built at startup.
 */
final class CompositeServerInstrumentation implements ServerInstrumentation {

    private final List<ServerInstrumentation> parts;
    private final NetObserver observer;

    private CompositeServerInstrumentation(List<ServerInstrumentation> parts) {
        this.parts = List.copyOf(parts);
        List<NetObserver> observers = new ArrayList<>();
        for (ServerInstrumentation part : parts) {
            observers.add(part.observer());
        }
        this.observer = CompositeNetObserver.of(observers);
    }

    static ServerInstrumentation of(List<ServerInstrumentation> parts) {
        if (parts.isEmpty()) {
            return ServerInstrumentation.NONE;
        }
        return parts.size() == 1 ? parts.get(0) : new CompositeServerInstrumentation(parts);
    }

    @Override
    public NetObserver observer() {
        return this.observer;
    }

    @Override
    public NetObserver observer(Reactor reactor) {
        List<NetObserver> observers = new ArrayList<>();
        for (ServerInstrumentation part : this.parts) {
            observers.add(part.observer(reactor));
        }
        return CompositeNetObserver.of(observers);
    }

    @Override
    public HandlerInstrumentation handler(HandlerMethodBinding binding, HandlerInstrumentation next) {
        HandlerInstrumentation chain = next;
        for (int i = this.parts.size() - 1; i >= 0; i--) {
            chain = this.parts.get(i).handler(binding, chain);
        }
        return chain;
    }

    @Override
    public void shutdownAborted(int connections) {
        for (ServerInstrumentation part : this.parts) {
            part.shutdownAborted(connections);
        }
    }
}
