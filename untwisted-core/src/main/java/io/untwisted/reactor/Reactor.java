package io.untwisted.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.untwisted.internal.LogThrottle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one {@link Selector}, one task queue and one timer heap: turns channel readiness,
 * tasks and timers into calls on its own thread.
 *
 * <p>Everything registered on a reactor runs on its thread, so per-connection state needs no
 * locks. {@link #execute}, {@link #after}, {@link #every}, {@link #stop} and the getters are
 * safe from any thread; {@link #register} and {@link #deferFlush} must be called on the reactor
 * thread. A reactor runs either on its own thread ({@link #start()}) or on the caller's
 * ({@link #run()}, or {@link #runOnce} to embed it in another loop).
 *
 * <p>Limits: at most {@code maxPendingTasks} tasks wait in the queue (default
 * {@value #DEFAULT_MAX_PENDING_TASKS}); {@link #execute} rejects more. Reads land in one
 * {@value #READ_BUFFER_SIZE}-byte buffer owned by the reactor.
 */
public final class Reactor implements Executor, AutoCloseable {

    /** The default bound of the task queue. */
    public static final int DEFAULT_MAX_PENDING_TASKS = 1 << 20;

    /** The size of the buffer that every read of this reactor lands in. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    private static final AtomicInteger unnamed = new AtomicInteger();
    private static final int MAX_TASKS_PER_TURN = 4096;
    private static final int SELECT_FAILURES_BEFORE_REBUILD = 4;

    private final String name;
    private final NanoClock clock;
    private final int maxPendingTasks;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingTasks = new AtomicInteger();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final AtomicReference<ReactorState> state = new AtomicReference<>(ReactorState.NEW);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final TimerQueue timers = new TimerQueue();
    private final ArrayDeque<Runnable> flushes = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final BufferPool bufferPool = new BufferPool(BufferPool.DEFAULT_MAX_POOLED);
    private final ReadyDispatch readyDispatch = new ReadyDispatch();
    private final LogThrottle logThrottle = LogThrottle.perSecond();
    private final LoopLag loopLag;
    private final SelectGuard selectGuard;
    private volatile Thread thread;
    private volatile boolean looping;
    private boolean keysCancelled;
    private volatile int registeredChannels;
    private Selector selector;
    private int selectFailures;

    /** A reactor with a generated name and the system clock. */
    public Reactor() {
        this("untwisted-reactor-" + unnamed.incrementAndGet());
    }

    /** A reactor whose thread is called {@code name}. */
    public Reactor(String name) {
        this(name, NanoClock.SYSTEM, DEFAULT_MAX_PENDING_TASKS);
    }

    /**
     * A reactor with its own clock and task-queue bound.
     *
     * @param name            the name of its thread
     * @param clock           the time source of its timers
     * @param maxPendingTasks how many tasks may wait in its queue, at least 1
     */
    public Reactor(String name, NanoClock clock, int maxPendingTasks) {
        if (maxPendingTasks < 1) {
            throw new IllegalArgumentException("maxPendingTasks must be >= 1: " + maxPendingTasks);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPendingTasks = maxPendingTasks;
        this.loopLag = new LoopLag(name, this.logThrottle);
        this.selectGuard = new SelectGuard(name, this.logThrottle);
        try {
            this.selector = Selector.open();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot open a selector for reactor " + name, ex);
        }
    }

    /** The reactor's name, also the name of its thread when started with {@link #start()}. */
    public String name() {
        return this.name;
    }

    /** The reactor's clock. */
    public NanoClock clock() {
        return this.clock;
    }

    /** Where the reactor is in its life. */
    public ReactorState state() {
        return this.state.get();
    }

    /** Whether the caller is this reactor's thread. */
    public boolean inReactorThread() {
        return Thread.currentThread() == this.thread;
    }

    /** Tasks waiting in the queue. */
    public int pendingTasks() {
        return this.pendingTasks.get();
    }

    /** How long the turns of this reactor's loop take: the delay its channels see. */
    public LoopLag loopLag() {
        return this.loopLag;
    }

    /**
     * How many times {@code select} returned early with nothing to do (an interrupted thread, the
     * JDK epoll bug); the selector is rebuilt after 512 in a row.
     */
    public long prematureSelectReturns() {
        return this.selectGuard.prematureReturns();
    }

    /** Channels currently registered on this reactor. */
    public int registeredChannels() {
        return this.registeredChannels;
    }

    /**
     * Starts the reactor on a new thread named after it and returns once that thread runs.
     *
     * @throws IllegalStateException if the reactor already runs or ran
     */
    public void start() {
        CountDownLatch running = new CountDownLatch(1);
        Thread loop = new Thread(() -> {
            bindThread();
            running.countDown();
            loop();
        }, this.name);
        loop.start();
        try {
            if (!running.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("reactor " + this.name + " did not start within 30 s");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting reactor " + this.name, ex);
        }
    }

    /** Runs the reactor on the calling thread until {@link #stop()}. */
    public void run() {
        bindThread();
        loop();
    }

    /**
     * Runs one turn of the loop on the calling thread: waits up to {@code timeout} for readiness,
     * then runs ready channels, due timers and queued tasks. The first call makes the caller the
     * reactor's thread.
     *
     * @return whether the reactor still runs
     */
    public boolean runOnce(Duration timeout) {
        if (this.thread == null) {
            bindThread();
        }
        else if (!inReactorThread()) {
            throw new IllegalStateException("reactor " + this.name + " runs on " + this.thread.getName());
        }
        if (this.state.get() != ReactorState.RUNNING) {
            finish();
            return false;
        }
        turn(Math.max(0, timeout.toNanos()));
        return true;
    }

    /**
     * Asks the loop to stop; it closes its channels and exits. Safe from any thread, idempotent. A
     * reactor driven by {@link #runOnce} and stopped from its own thread closes at once.
     */
    public void stop() {
        if (this.state.compareAndSet(ReactorState.NEW, ReactorState.STOPPING)
                || this.state.compareAndSet(ReactorState.RUNNING, ReactorState.STOPPING)) {
            if (this.thread == null || (!this.looping && inReactorThread())) {
                finish();
            }
            else {
                wakeup();
            }
        }
    }

    /**
     * Waits until the loop has exited.
     *
     * @return whether it exited within {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return this.terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the reactor and waits up to 10 seconds for its loop to exit. */
    @Override
    public void close() {
        stop();
        if (!inReactorThread()) {
            try {
                awaitTermination(Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code task} on the reactor thread: at once when called there, otherwise queued and
     * the reactor woken.
     *
     * @throws RejectedExecutionException when the reactor has terminated or the queue is full
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (inReactorThread()) {
            task.run();
            return;
        }
        submit(task);
    }

    /**
     * Queues {@code task} to run on a later turn of the loop, even when called on the reactor
     * thread.
     *
     * @throws RejectedExecutionException when the reactor has terminated or the queue is full
     */
    public void submit(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (this.state.get() == ReactorState.TERMINATED) {
            throw new RejectedExecutionException("reactor " + this.name + " has terminated");
        }
        if (this.pendingTasks.incrementAndGet() > this.maxPendingTasks) {
            this.pendingTasks.decrementAndGet();
            throw new RejectedExecutionException("reactor " + this.name + " task queue is full: "
                    + this.maxPendingTasks + " tasks pending");
        }
        this.tasks.add(task);
        if (!inReactorThread()) {
            wakeup();
        }
    }

    /** Runs {@code action} once on the reactor thread after {@code delay}. */
    public TimerHandle after(Duration delay, Runnable action) {
        return schedule(delay, 0, action);
    }

    /** Runs {@code action} on the reactor thread every {@code period}, the first time after one period. */
    public TimerHandle every(Duration period, Runnable action) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be > 0: " + period);
        }
        return schedule(period, period.toNanos(), action);
    }

    /**
     * Registers {@code channel} on this reactor's selector with {@code ops} interest.
     * Reactor thread only.
     */
    public SelectionKey register(SelectableChannel channel, int ops, Selectable handler) throws ClosedChannelException {
        assertInReactor();
        SelectionKey key = channel.register(this.selector, ops, handler);
        this.registeredChannels++;
        return key;
    }

    /** Tells the reactor that a channel registered with {@link #register} is gone. Reactor thread only. */
    public void deregistered() {
        assertInReactor();
        this.registeredChannels--;
        this.keysCancelled = true;
    }

    /**
     * Runs {@code flush} once the current phase of the loop (ready channels, timers or tasks) is
     * over, so many writes of one phase become one. Reactor thread only.
     */
    public void deferFlush(Runnable flush) {
        this.flushes.add(flush);
    }

    /** The pool of outbound buffers of this reactor's sockets. Reactor thread only. */
    public BufferPool bufferPool() {
        return this.bufferPool;
    }

    /**
     * The rate limiter of the logs that this reactor's peers and handlers can repeat (one line per
     * cause and second). Not part of the public API; safe from any thread.
     */
    public LogThrottle logThrottle() {
        return this.logThrottle;
    }

    /** The buffer every read of this reactor lands in. Reactor thread only. */
    public ByteBuffer readBuffer() {
        return this.readBuffer;
    }

    private TimerHandle schedule(Duration delay, long periodNanos, Runnable action) {
        Objects.requireNonNull(action, "action");
        long deadline = this.clock.nanoTime() + Math.max(0, delay.toNanos());
        TimerHandle timer = this.timers.schedule(action, deadline, periodNanos);
        execute(() -> this.timers.add(timer));
        return timer;
    }

    private void bindThread() {
        if (!this.state.compareAndSet(ReactorState.NEW, ReactorState.RUNNING)) {
            throw new IllegalStateException("reactor " + this.name + " is " + this.state.get());
        }
        this.thread = Thread.currentThread();
    }

    private void loop() {
        this.looping = true;
        try {
            while (this.state.get() == ReactorState.RUNNING) {
                try {
                    turn(-1);
                }
                catch (Throwable ex) {
                    if (ex instanceof VirtualMachineError) {
                        throw ex;
                    }
                    log.error("reactor {}: unexpected failure in the loop; backing off", this.name, ex);
                    backOff();
                }
            }
        }
        finally {
            finish();
        }
    }

    /** One turn: select (at most {@code maxWaitNanos}, or until the next timer when negative), then run. */
    private void turn(long maxWaitNanos) {
        try {
            select(maxWaitNanos);
            this.loopLag.workStarted();
            this.wakeupPending.set(false);
            runFlushes();
            runTimers();
            runFlushes();
            runTasks();
            runFlushes();
        }
        finally {
            this.loopLag.turnEnded();
        }
    }

    private void select(long maxWaitNanos) {
        long untilTimer = this.timers.nanosUntilNext(this.clock.nanoTime());
        long wait = untilTimer < 0 ? maxWaitNanos : maxWaitNanos < 0 ? untilTimer : Math.min(untilTimer, maxWaitNanos);
        try {
            if (wait == 0 || !this.tasks.isEmpty() || this.keysCancelled) {
                // A closed channel's descriptor is released only when its cancelled key is flushed.
                this.keysCancelled = false;
                this.selector.selectNow(this.readyDispatch);
            }
            else {
                long started = System.nanoTime();
                int selected = wait < 0 ? this.selector.select(this.readyDispatch)
                        : this.selector.select(this.readyDispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                if (this.selectGuard.returned(selected, wait, System.nanoTime() - started,
                        this.wakeupPending.get() || !this.tasks.isEmpty())) {
                    rebuildSelector();
                }
            }
            this.selectFailures = 0;
        }
        catch (IOException | ClosedSelectorException ex) {
            handleSelectFailure(ex);
        }
    }

    private void handleSelectFailure(Exception ex) {
        this.selectFailures++;
        log.error("reactor {}: select failed ({} in a row)", this.name, this.selectFailures, ex);
        if (this.selectFailures >= SELECT_FAILURES_BEFORE_REBUILD) {
            rebuildSelector();
        }
        backOff();
    }

    private void rebuildSelector() {
        Selector old = this.selector;
        try {
            Selector fresh = Selector.open();
            for (SelectionKey key : old.keys()) {
                if (key.isValid()) {
                    Selectable handler = (Selectable) key.attachment();
                    try {
                        key.channel().register(fresh, key.interestOps(), handler);
                    }
                    catch (IOException | RuntimeException ex) {
                        handler.abandon(ex);
                    }
                }
            }
            this.selector = fresh;
            old.close();
            this.selectFailures = 0;
            log.warn("reactor {}: selector rebuilt", this.name);
        }
        catch (IOException ex) {
            log.error("reactor {}: cannot rebuild its selector", this.name, ex);
        }
    }

    private static void backOff() {
        try {
            Thread.sleep(10);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void runTimers() {
        this.timers.runDue(this.clock.nanoTime(), this::runTimer);
    }

    private void runTimer(TimerHandle timer) {
        try {
            timer.action().run();
        }
        catch (RuntimeException ex) {
            log.warn("reactor {}: timer action {} failed", this.name, timer.action(), ex);
        }
    }

    private void runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = this.tasks.poll();
            if (task == null) {
                return;
            }
            this.pendingTasks.decrementAndGet();
            runTask(task);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        }
        catch (RuntimeException ex) {
            log.warn("reactor {}: task {} failed", this.name, task, ex);
        }
    }

    private void runFlushes() {
        Runnable flush;
        while ((flush = this.flushes.poll()) != null) {
            try {
                flush.run();
            }
            catch (RuntimeException ex) {
                log.warn("reactor {}: flush failed", this.name, ex);
            }
        }
    }

    private void wakeup() {
        if (this.wakeupPending.compareAndSet(false, true)) {
            this.selector.wakeup();
        }
    }

    private void assertInReactor() {
        if (!inReactorThread()) {
            throw new IllegalStateException("not on the thread of reactor " + this.name + ": "
                    + Thread.currentThread().getName());
        }
    }

    private void finish() {
        this.state.set(ReactorState.STOPPING);
        try {
            runTasks();
            for (SelectionKey key : this.selector.keys()) {
                if (key.attachment() instanceof Selectable handler) {
                    try {
                        handler.abandon(null);
                    }
                    catch (RuntimeException ex) {
                        log.warn("reactor {}: closing {} failed", this.name, handler, ex);
                    }
                }
            }
            runFlushes();
            this.selector.close();
            reportLentBuffers();
        }
        catch (IOException | RuntimeException ex) {
            log.warn("reactor {}: failure while stopping", this.name, ex);
        }
        finally {
            this.state.set(ReactorState.TERMINATED);
            int dropped = this.pendingTasks.getAndSet(0);
            this.tasks.clear();
            if (dropped > 0) {
                log.debug("reactor {}: {} tasks dropped at termination", this.name, dropped);
            }
            this.terminated.countDown();
        }
    }

    private void reportLentBuffers() {
        int lent = this.bufferPool.lent();
        if (lent != 0) {
            log.error("LEAK: reactor {} stopped with {} pooled write buffers not returned", this.name, lent);
        }
    }

    @Override
    public String toString() {
        return "Reactor[" + this.name + " " + this.state.get() + "]";
    }

    /** Calls each ready channel, isolating failures to that channel. */
    private final class ReadyDispatch implements java.util.function.Consumer<SelectionKey> {
        @Override
        public void accept(SelectionKey key) {
            Selectable handler = (Selectable) key.attachment();
            Reactor.this.loopLag.workStarted();
            try {
                if (key.isValid()) {
                    handler.ready(key.readyOps());
                }
            }
            catch (Exception ex) {
                log.warn("reactor {}: {} failed; closing it", Reactor.this.name, handler, ex);
                handler.abandon(ex);
            }
        }
    }
}
