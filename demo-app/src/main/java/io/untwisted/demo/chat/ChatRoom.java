package io.untwisted.demo.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.untwisted.net.SuperSocket;

/**
 * The members of the chat, shared by every connection on every reactor. Thread-safe: members
 * live in a concurrent set, and a broadcast only queues bytes with {@link SuperSocket#dump},
 * which is safe from any thread (each peer's bytes are written by its own reactor).
 */
public final class ChatRoom {

    private final Set<SuperSocket> members = ConcurrentHashMap.newKeySet();

    /** Adds {@code member}; it receives what the others say from now on. */
    public void join(SuperSocket member) {
        this.members.add(member);
    }

    /** Removes {@code member}; a no-op for a connection that never joined. */
    public void leave(SuperSocket member) {
        this.members.remove(member);
    }

    /** Sends {@code text} to every member but {@code sender}. */
    public void broadcast(SuperSocket sender, String text) {
        for (SuperSocket peer : this.members) {
            if (peer != sender) {
                peer.dump(text);
            }
        }
    }

    /** How many members there are now. */
    public int size() {
        return this.members.size();
    }
}
