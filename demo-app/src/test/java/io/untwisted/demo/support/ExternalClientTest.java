package io.untwisted.demo.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing client skips a test, except on CI (CI=true) where it fails it. */
class ExternalClientTest {

    @Test
    void aMissingClientSkipsLocallyAndFailsOnCi() {
        Class<? extends Throwable> expected = "true".equals(System.getenv("CI"))
                ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> ExternalClient.require("no-such-client-untwisted")).isInstanceOf(expected)
                .hasMessageContaining("no-such-client-untwisted");
    }

    @Test
    void aPresentClientPasses() {
        assertThatCode(() -> ExternalClient.require("sh")).doesNotThrowAnyException();
    }
}
