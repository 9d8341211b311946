package io.untwisted.bench.servers;

/** What every harness server prints once it listens, so that run.sh knows it is up. */
final class ServerMain {

    private ServerMain() {
    }

    static void ready(String what, int port) {
        System.out.println("READY " + what + " on 127.0.0.1:" + port + " pid " + ProcessHandle.current().pid()
                + " cpus " + Runtime.getRuntime().availableProcessors());
        System.out.flush();
    }
}
