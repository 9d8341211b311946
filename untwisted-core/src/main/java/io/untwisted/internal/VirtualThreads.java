package io.untwisted.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual threads where the running JVM has them (Java 21 and later), found reflectively because
 * the build targets Java 17; platform threads otherwise. Not API: never import it.
 *
 * <p>Safe from any thread. The reflective lookups happen once, when the class loads.
 */
public final class VirtualThreads {

    private static final Logger log = LoggerFactory.getLogger(VirtualThreads.class);
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method NAME_ONLY;
    private static final Method UNSTARTED;
    private static final Method FACTORY;
    private static final Method PER_TASK_EXECUTOR;
    private static final Method IS_VIRTUAL;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method nameOnly = null;
        Method unstarted = null;
        Method factory = null;
        Method perTaskExecutor = null;
        Method isVirtual = null;
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            ofVirtual = Thread.class.getMethod("ofVirtual");
            name = builder.getMethod("name", String.class, long.class);
            nameOnly = builder.getMethod("name", String.class);
            unstarted = builder.getMethod("unstarted", Runnable.class);
            factory = builder.getMethod("factory");
            perTaskExecutor = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            isVirtual = Thread.class.getMethod("isVirtual");
            // On Java 19 and 20 virtual threads are a preview: the call fails unless it is enabled.
            ofVirtual.invoke(null);
        }
        catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException ex) {
            log.debug("virtual threads are not available on this JVM; using platform threads", ex);
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        NAME_ONLY = nameOnly;
        UNSTARTED = unstarted;
        FACTORY = factory;
        PER_TASK_EXECUTOR = perTaskExecutor;
        IS_VIRTUAL = isVirtual;
    }

    private VirtualThreads() {
    }

    /** Whether this JVM runs virtual threads. */
    public static boolean available() {
        return OF_VIRTUAL != null;
    }

    /** Whether {@code thread} is a virtual thread. */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (Boolean) IS_VIRTUAL.invoke(thread);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot ask whether a thread is virtual", ex);
        }
    }

    /**
     * A factory of threads named {@code prefix0}, {@code prefix1}, ...: virtual where available,
     * daemon platform threads otherwise.
     */
    public static ThreadFactory factory(String prefix) {
        if (available()) {
            try {
                Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), prefix, 0L);
                return (ThreadFactory) FACTORY.invoke(builder);
            }
            catch (IllegalAccessException | InvocationTargetException ex) {
                throw new IllegalStateException("cannot build a virtual thread factory", ex);
            }
        }
        AtomicLong next = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * An unstarted thread called {@code name} that runs {@code task}: virtual where available,
     * a daemon platform thread otherwise.
     */
    public static Thread newThread(String name, Runnable task) {
        if (available()) {
            try {
                return (Thread) UNSTARTED.invoke(NAME_ONLY.invoke(OF_VIRTUAL.invoke(null), name), task);
            }
            catch (IllegalAccessException | InvocationTargetException ex) {
                throw new IllegalStateException("cannot build a virtual thread", ex);
            }
        }
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * An executor that starts one virtual thread per task.
     *
     * @throws UnsupportedOperationException when this JVM has no virtual threads
     */
    public static ExecutorService newThreadPerTaskExecutor(String prefix) {
        if (!available()) {
            throw new UnsupportedOperationException("virtual threads need Java 21 or later; this is "
                    + Runtime.version());
        }
        try {
            return (ExecutorService) PER_TASK_EXECUTOR.invoke(null, factory(prefix));
        }
        catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("cannot build a virtual thread executor", ex);
        }
    }
}
