package io.untwisted.demo.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.untwisted.demo.DemoApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Runs the whole demo application — every server, the web server, Actuator and the Prometheus
 * registry — with every port 0, so tests never collide with the defaults or with each other.
 * Test classes with this annotation share one cached context; find the ports with
 * {@link DemoPorts}.
 *
 * <p>The exec allowlist adds {@code mkdir} (which, without arguments, writes to stderr and
 * fails), {@code false} and a program that does not exist, to reach every branch.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(DemoPorts.class)
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "demo.echo.port=0",
            "demo.chat.port=0",
            "demo.calc.port=0",
            "demo.time.port=0",
            "demo.exec.port=0",
            "demo.redis.port=0",
            "demo.tls-echo.port=0",
            "demo.tls.keystore=${java.io.tmpdir}/untwisted-demo-test/tls-echo.p12",
            "server.port=0",
            "demo.exec.allowed=date,uptime,mkdir,false,no-such-program-untwisted",
            "demo.exec.timeout=20s",
        })
public @interface DemoAppTest {
}
