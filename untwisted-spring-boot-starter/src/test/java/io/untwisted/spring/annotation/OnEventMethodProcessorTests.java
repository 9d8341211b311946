package io.untwisted.spring.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.binding.HandlerBindingException;
import io.untwisted.spring.context.UntwistedServer;
import io.untwisted.spring.context.UntwistedServerRegistry;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.untwisted.spring.testsupport.Failures.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

class OnEventMethodProcessorTests {

    @Test
    void shouldBindOnEventMethodsToServer() {
        Runners.untwisted().withBean("echoServer", EchoServer.class).run(context -> {
            UntwistedServer server = context.getBean(UntwistedServerRegistry.class).server("echo");
            assertThat(server).isNotNull();
            assertThat(server.bindings()).singleElement().satisfies(binding -> {
                assertThat(binding.event()).isEqualTo(Events.LOAD);
                assertThat(binding.id()).isEqualTo("echoServer#echo");
            });
            try (TestClient client = TestClient.connect(Runners.port(context, "echo"))) {
                client.sendLine("hello");
                assertThat(client.readLine()).isEqualTo("hello");
            }
        });
    }

    @Test
    void shouldMergeSeveralBeansIntoOneServer() {
        Runners.untwisted().withBean("greeter", Greeter.class).withBean("lineEcho", LineEcho.class).run(context -> {
            UntwistedServer server = context.getBean(UntwistedServerRegistry.class).server("chat");
            assertThat(server.bindings()).extracting("id").containsExactlyInAnyOrder("greeter#greet", "lineEcho#line");
            assertThat(server.settings().delimiter()).isEqualTo("\n");
            try (TestClient client = TestClient.connect(Runners.port(context, "chat"))) {
                assertThat(client.readLine()).isEqualTo("welcome");
                client.send("hi\n");
                assertThat(client.readLine()).isEqualTo("echo:hi");
            }
        });
    }

    @Test
    void shouldFindMetaAnnotatedHandlers() {
        Runners.untwisted().withBean("metaServer", MetaServer.class).run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "meta"))) {
                client.sendLine("x");
                assertThat(client.readLine()).isEqualTo("line:x");
            }
        });
    }

    @Test
    void shouldFailStartupWhenParameterCannotBeBound() {
        Runners.untwisted().withBean("badParameter", BadParameter.class).run(context -> {
            assertThat(context.getStartupFailure()).isInstanceOf(HandlerBindingException.class);
            assertThat(startupFailure(context)).contains("Cannot bind @OnEvent method line(SuperSocket, int) of bean "
                    + "'badParameter' (" + BadParameter.class.getName() + "): parameter 1 (int count) cannot be bound "
                    + "to event 'terminator.found', which carries (byte[] frame)");
        });
    }

    @Test
    void shouldFailStartupWhenOnEventIsNotOnSocketServer() {
        Runners.untwisted().withBean("stray", StrayHandler.class).run(context -> assertThat(startupFailure(context))
                .contains("Cannot bind @OnEvent method load() of bean 'stray'")
                .contains("@OnEvent methods must be declared on a bean annotated with @SocketServer"));
    }

    @Test
    void shouldFailStartupWhenReturnTypeIsNotSupported() {
        Runners.untwisted().withBean("badReturn", BadReturn.class).run(context -> assertThat(startupFailure(context))
                .contains("Cannot bind @OnEvent method count(String) of bean 'badReturn'")
                .contains("return type int is not supported"));
    }

    @Test
    void shouldFailStartupWhenOffloadedMethodTakesEvent() {
        Runners.untwisted().withBean("badOffload", BadOffload.class).run(context -> assertThat(startupFailure(context))
                .contains("Cannot bind @OnEvent method load(Event) of bean 'badOffload'")
                .contains("a method with offload = true cannot take one"));
    }

    @Test
    void shouldFailStartupWhenDeclarationsConflict() {
        Runners.untwisted().withBean("first", ConflictA.class).withBean("second", ConflictB.class)
                .run(context -> assertThat(startupFailure(context)).contains("untwisted server 'clash' is declared with "
                        + "delimiter = '\n' by bean 'first' and delimiter = ';' by bean 'second'"));
    }

    @Test
    void shouldFailStartupWhenAProxiedHandlerIsPrivate() {
        Runners.untwisted().withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withUserConfiguration(Counting.class).withBean("secret", Secret.class)
                .run(context -> assertThat(startupFailure(context))
                        .contains("Cannot bind @OnEvent method line(String) of bean 'secret'")
                        .contains("cannot be delegated to target bean"));
    }

    @Aspect
    static class CountingAspect {
        @Before("execution(* io.untwisted.spring.annotation.OnEventMethodProcessorTests.Secret.*(..))")
        void count() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        CountingAspect countingAspect() {
            return new CountingAspect();
        }
    }

    @SocketServer(name = "secret", delimiter = "\r\n")
    static class Secret {
        @OnEvent(Terminator.FOUND)
        private String line(String line) {
            return line;
        }

        public void touch() {
        }
    }

    @SocketServer(name = "echo")
    static class EchoServer {
        @OnEvent(Events.LOAD)
        java.nio.ByteBuffer echo(java.nio.ByteBuffer data) {
            return data;
        }
    }

    @SocketServer(name = "chat", delimiter = "\n")
    static class Greeter {
        @OnEvent(Events.ACCEPT)
        String greet(SuperSocket client) {
            return "welcome\r\n";
        }
    }

    @SocketServer(name = "chat")
    static class LineEcho {
        @OnEvent(Terminator.FOUND)
        String line(String line) {
            return "echo:" + line + "\r\n";
        }
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @OnEvent(Terminator.FOUND)
    @interface OnLine {
    }

    @SocketServer(name = "meta", delimiter = "\r\n")
    static class MetaServer {
        @OnLine
        String line(byte[] line) {
            return "line:" + new String(line, java.nio.charset.StandardCharsets.UTF_8) + "\r\n";
        }
    }

    @SocketServer(name = "bad", delimiter = "\r\n")
    static class BadParameter {
        @OnEvent(Terminator.FOUND)
        void line(SuperSocket client, int count) {
        }
    }

    static class StrayHandler {
        @OnEvent(Events.LOAD)
        void load() {
        }
    }

    @SocketServer(name = "bad")
    static class BadReturn {
        @OnEvent(Terminator.FOUND)
        int count(String line) {
            return line.length();
        }
    }

    @SocketServer(name = "bad")
    static class BadOffload {
        @OnEvent(value = Events.LOAD, offload = true)
        void load(Event event) {
        }
    }

    @SocketServer(name = "clash", delimiter = "\n")
    static class ConflictA {
    }

    @SocketServer(name = "clash", delimiter = ";")
    static class ConflictB {
    }
}
