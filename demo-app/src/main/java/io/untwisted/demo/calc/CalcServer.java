package io.untwisted.demo.calc;

import io.untwisted.demo.Lines;
import io.untwisted.split.Terminator;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

/**
 * The seed's calc server on {@code demo.calc.port} (7003): {@code add 1 2 3\r\n} answers
 * {@code 6.0\r\n}; {@code sub}, {@code mul} and {@code div} likewise ({@code \n} alone ends a
 * line too). A line that cannot be evaluated answers {@code error: <why>\r\n} and the
 * connection stays open.
 */
@SocketServer(name = "calc", port = "${demo.calc.port:7003}", delimiter = Lines.DELIMITER, maxFrameLength = 4096)
public class CalcServer {

    private final Calculator calculator = new Calculator();

    /** Evaluates one line; the returned text is sent back. */
    @OnEvent(Terminator.FOUND)
    public String line(String line) {
        try {
            return this.calculator.evaluate(Lines.chomp(line)) + "\r\n";
        }
        catch (CalcException ex) {
            return "error: " + ex.getMessage() + "\r\n";
        }
    }
}
