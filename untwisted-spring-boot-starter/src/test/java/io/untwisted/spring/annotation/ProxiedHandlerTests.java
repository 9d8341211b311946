package io.untwisted.spring.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicInteger;

import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/** An @OnEvent method of a proxied bean is called through the proxy, so its advice applies. */
@SpringBootTest(classes = ProxiedHandlerTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class ProxiedHandlerTests {

    @Autowired
    private AuditedServer server;

    @Autowired
    private Auditing auditing;

    @Value("${local.untwisted.servers.audited.port}")
    private int port;

    @Test
    void shouldCallHandlersThroughTheProxySoAdviceApplies() throws Exception {
        assertThat(AopUtils.isAopProxy(this.server)).isTrue();
        try (TestClient client = TestClient.connect(this.port)) {
            client.sendLine("one");
            assertThat(client.readLine()).isEqualTo("[audited] one");
            client.sendLine("two");
            assertThat(client.readLine()).isEqualTo("[audited] two");
        }
        assertThat(this.auditing.calls).hasValue(2);
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface Audited {
    }

    @Aspect
    static class Auditing {
        final AtomicInteger calls = new AtomicInteger();

        @Around("@annotation(io.untwisted.spring.annotation.ProxiedHandlerTests.Audited)")
        Object audit(ProceedingJoinPoint call) throws Throwable {
            this.calls.incrementAndGet();
            return "[audited] " + call.proceed();
        }
    }

    @SocketServer(name = "audited", delimiter = "\r\n")
    static class AuditedServer {
        @Audited
        @OnEvent(Terminator.FOUND)
        String line(String line) {
            return line + "\r\n";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Auditing auditing() {
            return new Auditing();
        }

        @Bean
        AuditedServer auditedServer() {
            return new AuditedServer();
        }
    }
}
