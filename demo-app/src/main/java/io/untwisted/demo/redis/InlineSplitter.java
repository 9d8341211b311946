package io.untwisted.demo.redis;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline request line into words as Redis' {@code sdssplitargs} does: words are
 * separated by blanks; {@code "double quotes"} allow blanks and the escapes {@code \n \r \t \b \a
 * \\ \" \xHH}; {@code 'single quotes'} allow blanks and {@code \'}. A closing quote must be
 * followed by a blank or the end of the line.
 */
final class InlineSplitter {

    private InlineSplitter() {
    }

    /**
     * The words of {@code line[0, length)}.
     *
     * @throws RespProtocolException on unbalanced quotes
     */
    static List<byte[]> split(byte[] line, int length) throws RespProtocolException {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < length && isBlank(line[i])) {
                i++;
            }
            if (i >= length) {
                return words;
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= length) {
                        throw unbalanced();
                    }
                    byte b = line[i];
                    if (b == '\\' && i + 3 < length && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        word.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                        i += 3;
                    }
                    else if (b == '\\' && i + 1 < length) {
                        i++;
                        word.write(unescape(line[i]));
                    }
                    else if (b == '"') {
                        if (i + 1 < length && !isBlank(line[i + 1])) {
                            throw unbalanced();
                        }
                        done = true;
                    }
                    else {
                        word.write(b);
                    }
                }
                else if (inSingle) {
                    if (i >= length) {
                        throw unbalanced();
                    }
                    byte b = line[i];
                    if (b == '\\' && i + 1 < length && line[i + 1] == '\'') {
                        i++;
                        word.write('\'');
                    }
                    else if (b == '\'') {
                        if (i + 1 < length && !isBlank(line[i + 1])) {
                            throw unbalanced();
                        }
                        done = true;
                    }
                    else {
                        word.write(b);
                    }
                }
                else if (i >= length || isBlank(line[i])) {
                    done = true;
                }
                else if (line[i] == '"') {
                    inDouble = true;
                }
                else if (line[i] == '\'') {
                    inSingle = true;
                }
                else {
                    word.write(line[i]);
                }
                if (i < length) {
                    i++;
                }
            }
            words.add(word.toByteArray());
        }
    }

    private static RespProtocolException unbalanced() {
        return new RespProtocolException("unbalanced quotes in request");
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0;
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static int unescape(byte b) {
        return switch (b) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> b;
        };
    }
}
