package io.untwisted.spring.autoconfigure;

import java.io.IOException;
import java.net.BindException;

import io.untwisted.net.WriteWatermarks;
import io.untwisted.spring.annotation.ErrorPolicy;
import io.untwisted.spring.context.ServerSettings;
import io.untwisted.spring.context.UntwistedServerBindException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class UntwistedServerBindFailureAnalyzerTests {

    @Test
    void shouldNameServerAndPortAndSayHowToFixIt() {
        ServerSettings settings = new ServerSettings("chat", "", 7002, 0, "\r\n", 1024, null, 0,
                WriteWatermarks.DEFAULT, ErrorPolicy.CLOSE);
        IOException cause = new BindException("Address already in use");
        FailureAnalysis analysis = new UntwistedServerBindFailureAnalyzer()
                .analyze(new IllegalStateException("wrapped", new UntwistedServerBindException(settings, cause)));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .isEqualTo("untwisted server 'chat' cannot listen on port 7002: Address already in use");
        assertThat(analysis.getAction()).contains("port 7002").contains("untwisted.servers.chat.port");
    }
}
