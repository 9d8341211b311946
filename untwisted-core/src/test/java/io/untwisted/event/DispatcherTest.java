package io.untwisted.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DispatcherTest {

    private final Dispatcher dispatcher = new Dispatcher();
    private final List<String> calls = new ArrayList<>();

    @Test
    void shouldCallHandlersInRegistrationOrderWithArguments() {
        this.dispatcher.on("ping", e -> this.calls.add("first " + e.arg(0)));
        this.dispatcher.on("ping", e -> this.calls.add("second " + e.arg(0)));

        this.dispatcher.drive("ping", "x");

        assertThat(this.calls).containsExactly("first x", "second x");
    }

    @Test
    void shouldAppendExtraArgumentsGivenAtRegistration() {
        this.dispatcher.on("sum", e -> this.calls.add(e.size() + ":" + e.<Integer>arg(0) + "+" + e.<Integer>arg(1)), 40);

        this.dispatcher.drive("sum", 2);

        assertThat(this.calls).containsExactly("2:2+40");
    }

    @Test
    void shouldAcceptAnyObjectAsEventKey() {
        Object key = new Object();
        this.dispatcher.on(key, e -> this.calls.add("custom"));
        this.dispatcher.on(42, e -> this.calls.add("integer"));

        this.dispatcher.drive(key);
        this.dispatcher.drive(42);
        this.dispatcher.drive("42");

        assertThat(this.calls).containsExactly("custom", "integer");
    }

    @Test
    void shouldStopRemainingHandlers() {
        this.dispatcher.on("e", e -> {
            this.calls.add("a");
            e.stop();
        });
        this.dispatcher.on("e", e -> this.calls.add("b"));

        this.dispatcher.drive("e");
        this.dispatcher.drive("e");

        assertThat(this.calls).containsExactly("a", "a");
    }

    @Test
    void shouldRemoveHandlerThatAsksToBeRemoved() {
        this.dispatcher.on("e", e -> {
            this.calls.add("erase");
            e.remove();
        });
        this.dispatcher.on("e", e -> this.calls.add("stay"));

        this.dispatcher.drive("e");
        this.dispatcher.drive("e");

        assertThat(this.calls).containsExactly("erase", "stay", "stay");
    }

    @Test
    void shouldRunOnceHandlerOnlyOnce() {
        this.dispatcher.once("e", e -> this.calls.add("once"));

        this.dispatcher.drive("e");
        this.dispatcher.drive("e");

        assertThat(this.calls).containsExactly("once");
        assertThat(this.dispatcher.hasHandlers("e")).isFalse();
    }

    @Test
    void shouldRemoveHandlersWithOffAndOffAll() {
        Handler handler = e -> this.calls.add("h");
        this.dispatcher.on("e", handler);
        this.dispatcher.on("e", e -> this.calls.add("other"));
        this.dispatcher.on("f", e -> this.calls.add("f"));

        assertThat(this.dispatcher.off("e", handler)).isTrue();
        assertThat(this.dispatcher.off("e", handler)).isFalse();
        this.dispatcher.drive("e");
        this.dispatcher.offAll("e");
        this.dispatcher.drive("e");
        this.dispatcher.drive("f");
        this.dispatcher.offAll();
        this.dispatcher.drive("f");

        assertThat(this.calls).containsExactly("other", "f");
    }

    @Test
    void shouldCancelThroughRegistration() {
        Registration registration = this.dispatcher.on("e", e -> this.calls.add("h"));

        registration.cancel();
        registration.cancel();
        this.dispatcher.drive("e");

        assertThat(this.calls).isEmpty();
    }

    @Test
    void shouldNotRunHandlersAddedDuringTheDrive() {
        this.dispatcher.on("e", e -> {
            this.calls.add("outer");
            this.dispatcher.on("e", inner -> this.calls.add("added"));
        });

        this.dispatcher.drive("e");
        assertThat(this.calls).containsExactly("outer");

        this.calls.clear();
        this.dispatcher.drive("e");
        assertThat(this.calls).containsExactly("outer", "added");
    }

    @Test
    void shouldNotRunHandlersRemovedDuringTheDrive() {
        Registration[] second = new Registration[1];
        this.dispatcher.on("e", e -> {
            this.calls.add("first");
            second[0].cancel();
        });
        second[0] = this.dispatcher.on("e", e -> this.calls.add("second"));

        this.dispatcher.drive("e");

        assertThat(this.calls).containsExactly("first");
    }

    @Test
    void shouldDriveErrorWithHandlerFailureAndGoOnWithNextHandler() {
        IllegalStateException boom = new IllegalStateException("boom");
        Handler failing = e -> {
            throw boom;
        };
        this.dispatcher.on("e", failing);
        this.dispatcher.on("e", e -> this.calls.add("next"));
        List<HandlerFailure> failures = new ArrayList<>();
        this.dispatcher.on(Events.ERROR, e -> failures.add(e.arg(0)));

        this.dispatcher.drive("e", "payload");

        assertThat(this.calls).containsExactly("next");
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.getCause()).isSameAs(boom);
            assertThat(failure.event()).isEqualTo("e");
            assertThat(failure.handler()).isSameAs(failing);
            assertThat(failure.getMessage()).contains("'e'").contains("payload").contains("boom");
        });
    }

    @Test
    void shouldNotLoopWhenErrorHandlerFails() {
        this.dispatcher.on(Events.ERROR, e -> {
            this.calls.add("error handler");
            throw new IllegalStateException("error handler fails too");
        });
        this.dispatcher.on("e", e -> {
            throw new IllegalArgumentException("first failure");
        });

        this.dispatcher.drive("e");

        assertThat(this.calls).containsExactly("error handler");
    }

    @Test
    void shouldGiveEveryHandlerTheBufferAsDriven() {
        List<String> seen = new ArrayList<>();
        Handler consume = e -> seen.add(StandardCharsets.UTF_8.decode(e.<ByteBuffer>arg(0)).toString());
        this.dispatcher.on("load", consume);
        this.dispatcher.on("load", consume);

        ByteBuffer data = ByteBuffer.wrap("xxhelloxx".getBytes(StandardCharsets.UTF_8), 2, 5);
        this.dispatcher.drive("load", data);

        assertThat(seen).containsExactly("hello", "hello");
    }

    @Test
    void shouldExposeSourceAndKey() {
        this.dispatcher.on("e", e -> this.calls.add((e.source() == this.dispatcher) + " " + e.key()));

        this.dispatcher.drive("e");

        assertThat(this.calls).containsExactly("true e");
    }
}
