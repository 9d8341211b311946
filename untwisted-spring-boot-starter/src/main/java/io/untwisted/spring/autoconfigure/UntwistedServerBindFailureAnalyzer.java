package io.untwisted.spring.autoconfigure;

import io.untwisted.spring.context.UntwistedServerBindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a server that could not bind its port (most often already in use) and how to fix it.
 */
final class UntwistedServerBindFailureAnalyzer extends AbstractFailureAnalyzer<UntwistedServerBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UntwistedServerBindException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the process that listens on port " + cause.getPort() + ", or set untwisted.servers."
                        + cause.getServerName() + ".port to another port (0 picks a free one).",
                cause);
    }
}
