package io.untwisted.demo.exec;

/** Receives the lines of one output stream of a child process, on the thread that reads it. */
@FunctionalInterface
public interface LineSink {

    /** One line, without its line ending. */
    void line(String line);
}
