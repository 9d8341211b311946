package io.untwisted.net.tls;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperSocket;

/** A server observer that counts failed handshakes by reason, as the starter's meter does. */
final class FailureCounter implements NetObserver {

    private final Map<TlsFailureReason, AtomicInteger> counts = new EnumMap<>(TlsFailureReason.class);

    FailureCounter() {
        for (TlsFailureReason reason : TlsFailureReason.values()) {
            this.counts.put(reason, new AtomicInteger());
        }
    }

    @Override
    public void tlsHandshakeFailed(SuperSocket socket, TlsFailureReason reason) {
        this.counts.get(reason).incrementAndGet();
    }

    int count(TlsFailureReason reason) {
        return this.counts.get(reason).get();
    }

    int total() {
        return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public String toString() {
        return this.counts.toString();
    }
}
