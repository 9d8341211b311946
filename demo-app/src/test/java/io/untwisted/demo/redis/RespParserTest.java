package io.untwisted.demo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RespParserTest {

    private final RespParser parser = new RespParser(RespLimits.DEFAULT);

    @Test
    void parsesAMultiBulkRequest() throws Exception {
        assertThat(words(parseAll("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"))).containsExactly(List.of("SET", "a", "1"));
    }

    @Test
    void parsesInlineRequestsEndedByCrLfOrLf() throws Exception {
        assertThat(words(parseAll("PING\r\nset a 1\nGET  a \r\n")))
                .containsExactly(List.of("PING"), List.of("set", "a", "1"), List.of("GET", "a"));
    }

    @Test
    void inlineRequestsHonourQuotesAndEscapes() throws Exception {
        assertThat(words(parseAll("set \"a b\" 'it\\'s' \"\\x41\\n\"\r\n")))
                .containsExactly(List.of("set", "a b", "it's", "A\n"));
    }

    @Test
    void skipsEmptyRequests() throws Exception {
        assertThat(words(parseAll("\r\n*0\r\n*-1\r\n   \r\nPING\r\n"))).containsExactly(List.of("PING"));
    }

    @Test
    void parsesPipelinedRequestsOneAtATime() throws Exception {
        ByteBuffer data = ascii("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n");
        assertThat(this.parser.next(data).string(0)).isEqualTo("PING");
        assertThat(data.remaining()).isEqualTo("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n".length());
        assertThat(this.parser.next(data).string(1)).isEqualTo("hi");
        assertThat(this.parser.next(data)).isNull();
    }

    @Test
    void bulkStringsAreBinarySafe() throws Exception {
        RespRequest request = this.parser.next(ascii("*2\r\n$4\r\nECHO\r\n$4\r\n\r\n\0\n\r\n"));
        assertThat(request.arg(1)).containsExactly('\r', '\n', 0, '\n');
    }

    @Test
    void aLargeBulkHeaderAllocatesNothingUntilItsBytesArrive() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        RespParser parser = new RespParser(RespLimits.DEFAULT);
        parser.next(ByteBuffer.wrap("*1\r\n$1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);

        RespRequest request = parser.next(ByteBuffer.wrap("*1\r\n$1048576\r\nabc".getBytes(StandardCharsets.US_ASCII)));

        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(request).isNull();
        assertThat(allocated).as("bytes allocated for a 1 MiB bulk of which 3 bytes arrived").isLessThan(64 * 1024);
    }

    @Test
    void rejectsABulkOverTheLimit() {
        RespParser small = new RespParser(new RespLimits(8, 4, 64, 1024));
        assertThatThrownBy(() -> small.next(ascii("*1\r\n$9\r\n")))
                .isInstanceOfSatisfying(RespProtocolException.class, ex -> {
                    assertThat(ex).hasMessage("invalid bulk length");
                    assertThat(ex.limitExceeded()).isTrue();
                    assertThat(ex.length()).isEqualTo(9);
                });
    }

    @Test
    void rejectsAnArrayOverTheLimit() {
        RespParser small = new RespParser(new RespLimits(8, 4, 64, 1024));
        assertThatThrownBy(() -> small.next(ascii("*5\r\n")))
                .isInstanceOf(RespProtocolException.class).hasMessage("invalid multibulk length");
    }

    @Test
    void rejectsARequestOverTheTotalLimit() {
        RespParser small = new RespParser(new RespLimits(8, 4, 64, 10));
        assertThatThrownBy(() -> small.next(ascii("*2\r\n$8\r\nabcdefgh\r\n$8\r\n")))
                .isInstanceOf(RespProtocolException.class).hasMessage("request longer than 10 bytes");
    }

    @Test
    void rejectsALineOverTheLimitBeforeItEnds() {
        RespParser small = new RespParser(new RespLimits(8, 4, 16, 1024));
        assertThatThrownBy(() -> small.next(ascii("x".repeat(17))))
                .isInstanceOf(RespProtocolException.class).hasMessage("too big inline request");
    }

    @Test
    void rejectsMalformedInputAsRedisWordsIt() {
        assertThatThrownBy(() -> new RespParser(RespLimits.DEFAULT).next(ascii("*1\r\n+PING\r\n")))
                .hasMessage("expected '$', got '+'");
        assertThatThrownBy(() -> new RespParser(RespLimits.DEFAULT).next(ascii("*x\r\n")))
                .hasMessage("invalid multibulk length");
        assertThatThrownBy(() -> new RespParser(RespLimits.DEFAULT).next(ascii("*1\r\n$-2\r\n")))
                .hasMessage("invalid bulk length");
        assertThatThrownBy(() -> new RespParser(RespLimits.DEFAULT).next(ascii("*1\r\n$1\r\nab\r\n")))
                .hasMessage("expected '\\r\\n' after a bulk string");
        assertThatThrownBy(() -> new RespParser(RespLimits.DEFAULT).next(ascii("set \"a\r\n")))
                .hasMessage("unbalanced quotes in request");
    }

    @Test
    void aFailedParserStaysFailed() {
        assertThatThrownBy(() -> this.parser.next(ascii("*x\r\n"))).isInstanceOf(RespProtocolException.class);
        assertThatThrownBy(() -> this.parser.next(ascii("PING\r\n"))).isInstanceOf(IllegalStateException.class);
    }

    private List<RespRequest> parseAll(String text) throws RespProtocolException {
        ByteBuffer data = ascii(text);
        List<RespRequest> requests = new ArrayList<>();
        RespRequest request;
        while ((request = this.parser.next(data)) != null) {
            requests.add(request);
        }
        return requests;
    }

    static List<List<String>> words(List<RespRequest> requests) {
        List<List<String>> all = new ArrayList<>();
        for (RespRequest request : requests) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < request.size(); i++) {
                words.add(request.string(i));
            }
            all.add(words);
        }
        return all;
    }

    static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
