package io.untwisted.demo.chat;

import static io.untwisted.event.Events.ACCEPT;
import static io.untwisted.event.Events.CLOSE;

import io.untwisted.demo.Lines;
import io.untwisted.net.SuperSocket;
import io.untwisted.split.Terminator;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

/**
 * The seed's chat on {@code demo.chat.port} (7002): a new connection is asked
 * {@code Type a nick.\r\nNick:}; its first (non-blank) line is its nick, and every later line goes
 * to all the other members as {@code nick:line\r\n}. Leaving removes it from the room.
 */
@SocketServer(name = "chat", port = "${demo.chat.port:7002}", delimiter = Lines.DELIMITER, maxFrameLength = 8192)
public class ChatServer {

    /** The prompt a new connection gets. */
    public static final String PROMPT = "Type a nick.\r\nNick:";

    private static final String NICK = "chat.nick";

    private final ChatRoom room = new ChatRoom();

    /** Asks a new connection for its nick. */
    @OnEvent(ACCEPT)
    public void accept(SuperSocket client) {
        client.dump(PROMPT);
    }

    /** Takes the first line as the nick, then relays every line to the others. */
    @OnEvent(Terminator.FOUND)
    public void line(SuperSocket client, String frame) {
        String line = Lines.chomp(frame);
        String nick = client.attr(NICK);
        if (nick != null) {
            this.room.broadcast(client, nick + ":" + line + "\r\n");
            return;
        }
        if (line.isBlank()) {
            client.dump("Nick:");
            return;
        }
        client.attr(NICK, line.strip());
        this.room.join(client);
    }

    /** Removes a leaving connection from the room. */
    @OnEvent(CLOSE)
    public void close(SuperSocket client) {
        this.room.leave(client);
    }

    /** The room; visible for tests and for the curious. */
    public ChatRoom room() {
        return this.room;
    }
}
