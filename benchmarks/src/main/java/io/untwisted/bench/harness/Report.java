package io.untwisted.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns run.sh's raw results into the Markdown tables of docs/performance.md.
 *
 * <pre>
 * Report results RESULTS_FILE [ours/peer ...]   the load table and the ratio table
 * Report idle IDLE_FILE                          the idle-connection table
 * Report histdiff BEFORE AFTER CONNECTIONS [N]   the N classes whose live bytes grew most
 * </pre>
 *
 * A results line is {@code key=value} pairs as loadgen prints them, prefixed by run.sh with
 * {@code round=}, {@code scenario=} and {@code peer=}. Every figure is the median over rounds of
 * one (scenario, peer), with min..max for requests/s; ratios are ratios of those medians, taken
 * so that a ratio above 1 means "ours is better": req/s ours/peer, CPU per request and latency
 * peer/ours. The paired ratio is the median over rounds of ours/peer within one round, where
 * run.sh measures the two back to back, so a slow minute of the machine hits both.
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report results FILE [ours/peer ...] | idle FILE | histdiff BEFORE AFTER CONNS [N]");
            System.exit(2);
        }
        switch (args[0]) {
            case "results" -> results(Path.of(args[1]), List.of(args).subList(2, args.length));
            case "idle" -> idle(Path.of(args[1]));
            case "histdiff" -> histdiff(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 12);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static List<Map<String, String>> parse(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String token : line.split("\\s+")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    row.put(token.substring(0, eq), token.substring(eq + 1));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The figures of one server in one scenario, over rounds. */
    static final class Cell {
        final Map<String, List<Double>> values = new HashMap<>();
        final Map<String, Double> rpsByRound = new HashMap<>();

        void add(Map<String, String> row) {
            if (row.containsKey("round") && row.containsKey("rps")) {
                this.rpsByRound.put(row.get("round"), Double.parseDouble(row.get("rps")));
            }
            for (var entry : row.entrySet()) {
                try {
                    this.values.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                            .add(Double.parseDouble(entry.getValue()));
                }
                catch (NumberFormatException ex) {
                    // labels and names
                }
            }
        }

        double median(String key) {
            return Report.median(this.values.getOrDefault(key, List.of()));
        }

        double min(String key) {
            return this.values.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max(String key) {
            return this.values.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** Ours / peer's req/s of each round both ran in, measured minutes apart at most. */
        List<Double> pairedRatios(Cell peer) {
            List<Double> ratios = new ArrayList<>();
            for (var round : this.rpsByRound.entrySet()) {
                Double theirs = peer.rpsByRound.get(round.getKey());
                if (theirs != null && theirs > 0) {
                    ratios.add(round.getValue() / theirs);
                }
            }
            return ratios;
        }

        int rounds() {
            return this.values.getOrDefault("rps", List.of()).size();
        }
    }

    static void results(Path file, List<String> comparisons) throws IOException {
        Map<String, Map<String, Cell>> scenarios = new LinkedHashMap<>();
        for (Map<String, String> row : parse(file)) {
            String scenario = row.get("scenario");
            String peer = row.get("peer");
            if (scenario == null || peer == null) {
                continue;
            }
            scenarios.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                    .computeIfAbsent(peer, k -> new Cell()).add(row);
        }
        System.out.println("| scenario | server | rounds | req/s median (min..max) | p50 µs | p99 µs | server CPU µs/req | server CPU % | loadgen CPU % | server RSS MiB |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var scenario : scenarios.entrySet()) {
            for (var peer : scenario.getValue().entrySet()) {
                Cell c = peer.getValue();
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %s (%s..%s) | %.1f | %.1f | %.3f | %.0f | %.0f | %.0f |%n",
                        scenario.getKey(), peer.getKey(), c.rounds(), count(c.median("rps")), count(c.min("rps")),
                        count(c.max("rps")), c.median("p50_us"), c.median("p99_us"),
                        c.median("server_cpu_us_per_req"), c.median("server_cpu_pct"), c.median("loadgen_cpu_pct"),
                        c.median("server_rss_kb") / 1024);
            }
        }
        if (comparisons.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("| scenario | ours / peer | req/s ratio | CPU/req ratio (peer/ours) | p99 ratio (peer/ours) | target | met | paired req/s ratio median (min..max) |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |");
        for (var scenario : scenarios.entrySet()) {
            for (String comparison : comparisons) {
                String[] pair = comparison.split("/");
                Cell ours = scenario.getValue().get(pair[0]);
                Cell peer = scenario.getValue().get(pair[1]);
                if (ours == null || peer == null) {
                    continue;
                }
                double rps = ours.median("rps") / peer.median("rps");
                double cpu = peer.median("server_cpu_us_per_req") / ours.median("server_cpu_us_per_req");
                double p99 = peer.median("p99_us") / ours.median("p99_us");
                double target = target(scenario.getKey(), pair[0], pair[1]);
                String met = Double.isNaN(target) ? "" : (rps >= target && (cpuTargeted(pair[1]) ? cpu >= target : true))
                        ? "yes" : "no";
                List<Double> paired = ours.pairedRatios(peer);
                String pairedText = paired.isEmpty() ? "" : String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", median(paired),
                        Collections.min(paired), Collections.max(paired));
                System.out.printf(Locale.ROOT, "| %s | %s / %s | %.2f | %.2f | %.2f | %s | %s | %s |%n", scenario.getKey(),
                        pair[0], pair[1], rps, cpu, p99, Double.isNaN(target) ? "" : String.format(Locale.ROOT, "≥ %.2f", target), met,
                        pairedText);
            }
        }
    }

    /** Issue 6's targets, as ratios of medians; NaN where none is set. */
    static double target(String scenario, String ours, String peer) {
        if (ours.equals("core") && peer.equals("netty-nio")) {
            return scenario.endsWith("p16") ? 1.05 : 1.00;
        }
        if (peer.equals("redis-server")) {
            return scenario.startsWith("set") || scenario.startsWith("get") ? 1.00 : Double.NaN;
        }
        if (peer.endsWith("metrics-off")) {
            return 0.97;
        }
        return Double.NaN;
    }

    /** Whether the target also applies to CPU per request (the core echo targets do). */
    static boolean cpuTargeted(String peer) {
        return peer.equals("netty-nio");
    }

    static void idle(Path file) throws IOException {
        List<Map<String, String>> rows = parse(file);
        Map<String, double[]> perServer = new LinkedHashMap<>();
        System.out.println("| server | connections | live heap bytes/conn | non-heap RSS bytes/conn | total bytes/conn |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (Map<String, String> row : rows) {
            String server = row.get("server");
            double conns = Double.parseDouble(row.get("conns"));
            double heap = (Double.parseDouble(row.get("heap_after")) - Double.parseDouble(row.get("heap_before"))) / conns;
            double rss = (Double.parseDouble(row.get("rss_after_kb")) - Double.parseDouble(row.get("rss_before_kb"))) * 1024 / conns;
            perServer.put(server, new double[] {heap, rss});
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", server, conns, heap, rss, heap + rss);
        }
        double[] ours = perServer.get("core");
        double[] peer = perServer.get("netty-nio");
        if (ours != null && peer != null) {
            System.out.println();
            System.out.printf(Locale.ROOT, "core / netty-nio: live heap per connection %.2f×, non-heap RSS %.2f× (target: core heap ≤ 1024 bytes/conn: %s)%n",
                    ours[0] / peer[0], ours[1] / peer[1], ours[0] <= 1024 ? "met" : "not met");
        }
    }

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    static Map<String, long[]> histogram(Path file) throws IOException {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.matches()) {
                classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return classes;
    }

    static void histdiff(Path before, Path after, int conns, int top) throws IOException {
        Map<String, long[]> b = histogram(before);
        Map<String, long[]> a = histogram(after);
        List<Map.Entry<String, long[]>> diff = new ArrayList<>();
        for (var entry : a.entrySet()) {
            long[] old = b.getOrDefault(entry.getKey(), new long[2]);
            diff.add(Map.entry(entry.getKey(), new long[] {entry.getValue()[0] - old[0], entry.getValue()[1] - old[1]}));
        }
        diff.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.println("| class | instances/conn | bytes/conn |");
        System.out.println("| --- | ---: | ---: |");
        for (int i = 0; i < Math.min(top, diff.size()); i++) {
            var entry = diff.get(i);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", entry.getKey(), entry.getValue()[0] / (double) conns,
                    entry.getValue()[1] / (double) conns);
        }
    }

    private static String count(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 1_000_000 ? String.format(Locale.ROOT, "%.2fM", value / 1e6)
                : value >= 1000 ? String.format(Locale.ROOT, "%.1fk", value / 1e3) : String.format(Locale.ROOT, "%.0f", value);
    }
}
