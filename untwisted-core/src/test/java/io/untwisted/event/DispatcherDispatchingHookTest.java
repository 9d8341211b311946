package io.untwisted.event;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DispatcherDispatchingHookTest {

    @Test
    void shouldCallHookForHandledAndUnhandledEventsBeforeHandlers() {
        List<String> seen = new ArrayList<>();
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            protected void dispatching(Object event, Object[] args) {
                seen.add("hook:" + event + ":" + args.length);
            }
        };
        dispatcher.on("handled", e -> seen.add("handler"));

        dispatcher.drive("handled", "a");
        dispatcher.drive("unhandled");

        assertThat(seen).containsExactly("hook:handled:1", "handler", "hook:unhandled:0");
    }
}
