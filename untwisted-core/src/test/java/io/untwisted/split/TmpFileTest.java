package io.untwisted.split;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.untwisted.event.Events;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TmpFileTest {

    @TempDir
    Path directory;

    @Test
    void anyChunkingWritesExactlySizeBytesAndHandsOnTheRest() {
        Property.forAll(100, random -> {
            int size = 1 + random.nextInt(200);
            byte[] stream = Chunks.bytes(random, size + random.nextInt(50));
            Path file = this.directory.resolve("upload-" + random.nextInt(1_000_000));

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                peer.record(Events.LOAD);
                TmpFile tmpFile = TmpFile.install(peer.socket(), file, size);
                peer.record(TmpFile.DONE);
                for (byte[] chunk : Chunks.cut(random, stream)) {
                    peer.feed(chunk);
                    assertThat(tmpFile.buffered()).isZero();
                }

                List<RecordedEvent> done = peer.events(TmpFile.DONE);
                assertThat(done).hasSize(1);
                assertThat(done.get(0).<Path>arg(0)).isEqualTo(file);
                assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(stream, size));
                ByteArrayOutputStream after = new ByteArrayOutputStream();
                after.writeBytes(done.get(0).arg(1));
                List<RecordedEvent> all = peer.recorder().events();
                for (RecordedEvent event : all.subList(all.indexOf(done.get(0)) + 1, all.size())) {
                    after.writeBytes(event.arg(0));
                }
                assertThat(after.toByteArray()).isEqualTo(Arrays.copyOfRange(stream, size, stream.length));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    @Test
    void anUnfinishedTemporaryFileIsDeletedWhenTheSourceCloses() throws Exception {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            TmpFile tmpFile = TmpFile.install(peer.socket(), 100);
            peer.feed("only part");
            assertThat(Files.exists(tmpFile.file())).isTrue();
            assertThat(tmpFile.written()).isEqualTo(9);

            peer.feedEnd();

            assertThat(Files.exists(tmpFile.file())).isFalse();
        }
    }

    @Test
    void sizeMustBePositive() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            assertThatIllegalArgumentException().isThrownBy(() -> TmpFile.install(peer.socket(), 0))
                    .withMessage("size must be > 0: 0");
        }
    }
}
