package io.untwisted.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

import io.untwisted.event.ErrorMapping;
import io.untwisted.event.Handler;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.split.Breaker;
import io.untwisted.split.Terminator;

/**
 * The seed's calc server: each line {@code op n1 n2 ...} ({@code add}, {@code sub}, {@code mul},
 * {@code div}) is answered with the result; a malformed line with {@code ValueError}. Run:
 * {@code CalcServer [port]}, then {@code nc localhost 1234} and type {@code add 1 2 3}.
 */
public final class CalcServer {

    /** Driven on a client when a line cannot be computed: {@code (Throwable cause, Object command)}. */
    static final String VALUE_ERROR = "calc.value_error";

    private static final int MAX_LINE = 1024;

    private CalcServer() {
    }

    /** Listens on {@code address} and computes for every connection. */
    public static SuperServer start(ReactorGroup group, InetSocketAddress address) throws IOException {
        return SuperServer.listen(group, address, server -> server.onAccept((srv, client) -> serve(client)));
    }

    private static void serve(SuperSocket client) {
        Terminator.install(client, "\r\n", MAX_LINE);
        Breaker.install(client, Set.of("add", "sub", "mul", "div"));
        client.on("add", operation(client, Double::sum));
        client.on("sub", operation(client, (a, b) -> a - b));
        client.on("mul", operation(client, (a, b) -> a * b));
        client.on("div", operation(client, (a, b) -> a / b));
        client.on(VALUE_ERROR, e -> client.dump("ValueError: " + e.<Throwable>arg(0).getMessage() + "\r\n"));
        client.on(Breaker.UNKNOWN, e -> client.dump("ValueError: unknown operation '" + e.<String>arg(0) + "'\r\n"));
    }

    /** Folds the numbers of a line with {@code op}, the first number being the start. */
    private static Handler operation(SuperSocket client, DoubleBinaryOperator op) {
        return ErrorMapping.wrap(e -> {
            List<String> numbers = e.arg(0);
            if (numbers.isEmpty()) {
                throw new IllegalArgumentException("no numbers");
            }
            double result = Double.parseDouble(numbers.get(0));
            for (String number : numbers.subList(1, numbers.size())) {
                result = op.applyAsDouble(result, Double.parseDouble(number));
            }
            client.dump(result + "\r\n");
        }).map(IllegalArgumentException.class, VALUE_ERROR);
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1234;
        ReactorGroup group = new ReactorGroup();
        group.start();
        SuperServer server = start(group, new InetSocketAddress(port));
        System.out.println("calc server on " + server.localAddress());
    }
}
