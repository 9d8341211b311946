package io.untwisted.testsupport.gate;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * The teardown gate: every test class must leave the JVM with no more file descriptors and threads
 * than it found, and without a {@code LEAK:} line in the log. A class that leaks fails with the
 * leaked fds' targets (TCP endpoints and state for sockets) and the threads' names. Files the JVM
 * opens lazily and keeps (jars, random devices) are not counted.
 *
 * <p>Registered for every test class by JUnit's extension auto-detection
 * ({@code junit-platform.properties} of each module). Sockets close asynchronously, so the check
 * waits up to {@value #SETTLE_SECONDS} s for the counts to come back before it fails.
 *
 * <p>A class whose Spring test context is cached for later classes (a {@code @SpringBootTest}
 * without {@code @DirtiesContext}) keeps that context's sockets and threads on purpose and is
 * checked for LEAK lines only; a dedicated test closes such an application and is gated in full.
 */
public final class ResourceGate implements BeforeAllCallback, AfterAllCallback {

    static final long SETTLE_SECONDS = 10;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ResourceGate.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakMarkerWatch.install();
        JdkWarmUp.once();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put("snapshot", ResourceSnapshot.take());
        store.put("leaks", LeakMarkerWatch.seen());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        ResourceSnapshot baseline = store.get("snapshot", ResourceSnapshot.class);
        int leaksBefore = store.get("leaks", Integer.class);
        String testClass = context.getRequiredTestClass().getName();
        if (!keepsSharedContext(context.getRequiredTestClass())) {
            awaitBaseline(testClass, baseline);
        }
        int leaks = LeakMarkerWatch.seen() - leaksBefore;
        if (leaks > 0) {
            throw new AssertionError(testClass + " logged " + leaks + " '" + LeakMarkerWatch.MARKER
                    + "' line(s): pooled buffers were not returned (see the test output)");
        }
    }

    private static void awaitBaseline(String testClass, ResourceSnapshot baseline) {
        try {
            await().pollInSameThread().atMost(Duration.ofSeconds(SETTLE_SECONDS)).pollInterval(Duration.ofMillis(50))
                    .until(() -> atBaseline(baseline, ResourceSnapshot.take()));
        }
        catch (ConditionTimeoutException ex) {
            ResourceSnapshot now = ResourceSnapshot.take();
            List<String> threads = now.extraThreads(baseline);
            throw new AssertionError(testClass + " did not release what it opened within " + SETTLE_SECONDS
                    + " s: fds " + baseline.fdCount() + " -> " + now.fdCount() + " " + now.extraFds(baseline)
                    + (threads.isEmpty() ? "" : "; threads " + threads));
        }
    }

    private static boolean atBaseline(ResourceSnapshot baseline, ResourceSnapshot now) {
        return now.fdCount() <= baseline.fdCount() && now.extraThreads(baseline).isEmpty();
    }

    static boolean keepsSharedContext(Class<?> testClass) {
        return annotatedWith(testClass, "org.springframework.boot.test.context.SpringBootTest", new HashSet<>())
                && !annotatedWith(testClass, "org.springframework.test.annotation.DirtiesContext", new HashSet<>());
    }

    private static boolean annotatedWith(Class<?> element, String annotationName, Set<Class<?>> seen) {
        for (Class<?> type = element; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Annotation annotation : type.getAnnotations()) {
                Class<? extends Annotation> annotationType = annotation.annotationType();
                if (annotationType.getName().equals(annotationName)) {
                    return true;
                }
                if (!annotationType.getName().startsWith("java.lang") && seen.add(annotationType)
                        && annotatedWith(annotationType, annotationName, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
