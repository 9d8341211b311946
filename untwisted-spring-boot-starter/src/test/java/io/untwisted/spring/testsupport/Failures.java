package io.untwisted.spring.testsupport;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the startup failure of a context that should not have started. */
public final class Failures {

    private Failures() {
    }

    /** Every message of the startup failure's cause chain, one per line. */
    public static String startupFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        StringBuilder messages = new StringBuilder();
        for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
            messages.append(failure.getClass().getSimpleName()).append(": ").append(failure.getMessage()).append('\n');
            if (failure.getCause() == failure) {
                break;
            }
        }
        return messages.toString();
    }
}
