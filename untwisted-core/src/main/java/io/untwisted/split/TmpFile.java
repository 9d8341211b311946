package io.untwisted.split;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the next {@code size} bytes of a source into a file, then uninstalls itself and drives
 * {@link #DONE} once with the file and the rest of that read: an upload body after its head.
 *
 * <p>Runs on the thread that drives its source's {@code LOAD}, and writes the file there: file
 * writes land in the page cache and do not wait for the disk, but a very slow disk would slow
 * the reactor. A write failure drives {@link Events#ERROR} with the {@link IOException} and
 * uninstalls it. If the source closes first, the file is closed (and deleted when the splitter
 * created it as a temporary file).
 *
 * <p>Limits: it holds no bytes in memory, and writes exactly {@code size} bytes: {@code size}
 * is its maximum frame. When {@code size} comes from the peer (a {@code Content-Length}),
 * check it against your own maximum before installing.
 */
public final class TmpFile extends Splitter {

    /** The event driven once the file holds {@code size} bytes: {@code (Path file, byte[] rest)}. */
    public static final String DONE = "tmpfile.done";

    private static final Logger log = LoggerFactory.getLogger(TmpFile.class);

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final boolean temporary;
    private long written;
    private boolean complete;

    private TmpFile(Dispatcher source, Path file, FileChannel channel, long size, boolean temporary) {
        super(source);
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.temporary = temporary;
    }

    /**
     * Installs a splitter that writes the next {@code size} bytes of {@code source} into a new
     * temporary file.
     *
     * @throws IOException when the file cannot be created
     */
    public static TmpFile install(Dispatcher source, long size) throws IOException {
        checkMax("size", size);
        Path file = Files.createTempFile("untwisted-", ".tmp");
        return install(source, file, size, true);
    }

    /**
     * Installs a splitter that writes the next {@code size} bytes of {@code source} into
     * {@code file}, created or truncated now.
     *
     * @throws IOException when the file cannot be opened
     */
    public static TmpFile install(Dispatcher source, Path file, long size) throws IOException {
        checkMax("size", size);
        return install(source, file, size, false);
    }

    private static TmpFile install(Dispatcher source, Path file, long size, boolean temporary) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        TmpFile tmpFile = new TmpFile(source, file, channel, size, temporary);
        tmpFile.attach();
        tmpFile.listen(Events.CLOSE, e -> tmpFile.uninstall());
        return tmpFile;
    }

    /** The file being written. */
    public Path file() {
        return this.file;
    }

    /** How many bytes are in the file so far. */
    public long written() {
        return this.written;
    }

    @Override
    public int buffered() {
        return 0;
    }

    @Override
    void split(ByteBuffer in) {
        int take = (int) Math.min(in.remaining(), this.size - this.written);
        ByteBuffer slice = in.duplicate();
        slice.limit(slice.position() + take);
        try {
            while (slice.hasRemaining()) {
                this.channel.write(slice);
            }
        }
        catch (IOException ex) {
            uninstall();
            emit(Events.ERROR, ex);
            return;
        }
        in.position(in.position() + take);
        this.written += take;
        if (this.written < this.size) {
            return;
        }
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        this.complete = true;
        uninstall();
        emit(DONE, this.file, rest);
    }

    @Override
    byte[] takeBuffered() {
        return new byte[0];
    }

    @Override
    void stopped() {
        try {
            this.channel.close();
        }
        catch (IOException ex) {
            log.warn("{}: closing {} failed", source(), this.file, ex);
        }
        if (this.temporary && !this.complete) {
            try {
                Files.deleteIfExists(this.file);
            }
            catch (IOException ex) {
                log.warn("{}: deleting the unfinished temporary file {} failed", source(), this.file, ex);
            }
        }
    }
}
