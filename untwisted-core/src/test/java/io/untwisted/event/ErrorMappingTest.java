package io.untwisted.event;

import java.util.List;
import java.util.Set;

import io.untwisted.split.Breaker;
import io.untwisted.split.Terminator;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordingHandler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMappingTest {

    private static final String BAD_NUMBER = "bad.number";

    @Test
    void aMappedExceptionBecomesTheChosenEventWithTheCauseAndTheEvent() {
        Dispatcher emitter = new Dispatcher();
        RecordingHandler recorder = new RecordingHandler();
        emitter.on(BAD_NUMBER, recorder);
        emitter.on(Events.ERROR, recorder);
        emitter.on("parse", ErrorMapping.wrap(e -> Integer.parseInt(e.arg(0))).map(NumberFormatException.class, BAD_NUMBER));

        emitter.drive("parse", "12");
        emitter.drive("parse", "x");

        assertThat(recorder.keys()).containsExactly(BAD_NUMBER);
        assertThat(recorder.events().get(0).<Throwable>arg(0)).isInstanceOf(NumberFormatException.class);
        assertThat(recorder.events().get(0).<Object>arg(1)).isEqualTo("parse");
    }

    @Test
    void theFirstMatchingMappingWinsAndSubtypesMatch() {
        Dispatcher emitter = new Dispatcher();
        RecordingHandler recorder = new RecordingHandler();
        emitter.on("illegal", recorder);
        emitter.on("runtime", recorder);
        emitter.on("work", ErrorMapping.wrap(e -> {
            throw new NumberFormatException("nope");
        }).map(IllegalArgumentException.class, "illegal").map(RuntimeException.class, "runtime"));

        emitter.drive("work");

        assertThat(recorder.keys()).containsExactly("illegal");
    }

    @Test
    void anUnmappedOrUnhandledExceptionStillReachesError() {
        Dispatcher emitter = new Dispatcher();
        RecordingHandler errors = new RecordingHandler();
        emitter.on(Events.ERROR, errors);
        ErrorMapping mapping = ErrorMapping.wrap(e -> {
            throw e.<RuntimeException>arg(0);
        }).map(IllegalStateException.class, "nobody.listens");
        emitter.on("work", mapping);

        emitter.drive("work", new IllegalStateException("mapped, but no handler"));
        emitter.drive("work", new UnsupportedOperationException("not mapped"));

        assertThat(errors.<HandlerFailure>args(Events.ERROR, 0)).extracting(Throwable::getCause)
                .extracting(Throwable::getMessage).containsExactly("mapped, but no handler", "not mapped");
    }

    @Test
    void theCalcServersValueErrorOnAnEmbeddedSocket() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket());
            Breaker.install(peer.socket(), Set.of("add"));
            peer.socket().on("add", ErrorMapping.wrap(e -> {
                double sum = 0;
                for (String number : e.<List<String>>arg(0)) {
                    sum += Double.parseDouble(number);
                }
                peer.socket().dump(sum + "\r\n");
            }).map(NumberFormatException.class, BAD_NUMBER));
            peer.socket().on(BAD_NUMBER, e -> peer.socket().dump("ValueError\r\n"));

            peer.feed("add 1 2\r\nadd 1 x\r\n");

            assertThat(peer.readOutboundString()).isEqualTo("3.0\r\nValueError\r\n");
        }
    }
}
