package io.untwisted.reactor;

/** The life of a {@link Reactor}, in order; a reactor never goes back. */
public enum ReactorState {
    /** Created, not running yet; tasks and timers may already be queued. */
    NEW,
    /** Its loop is running. */
    RUNNING,
    /** {@link Reactor#stop()} was called; the loop closes its channels and exits. */
    STOPPING,
    /** The loop exited and the selector is closed. */
    TERMINATED
}
