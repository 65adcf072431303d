package org.mdinference.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What a server's JVM holds, read from its Prometheus {@code /metrics} from outside the process: heap used (all heap
 * pools), direct buffer memory, and live threads.
 *
 * @param heapBytes   {@code jvm_memory_used_bytes{area="heap"}}, summed over the pools
 * @param directBytes {@code jvm_buffer_memory_used_bytes{id="direct"}}
 * @param threads     {@code jvm_threads_live_threads}
 */
record ServerResources(double heapBytes, double directBytes, double threads) {

    private static final double MB = 1 << 20;

    /**
     * Scrapes the server once.
     *
     * @throws IOException when it cannot be reached, or its metrics lack one of the three (the server then binds no
     *                     JVM metrics)
     */
    static ServerResources scrape(URI server) throws IOException {
        String text;
        try (LoadtestConnection connection = new LoadtestConnection(server)) {
            LoadtestConnection.Reply reply = connection.exchange(LoadtestConnection.head("GET", server, "/metrics",
                    Map.of(), -1));
            text = new String(reply.body(), StandardCharsets.UTF_8);
            if (reply.status() != 200) {
                throw new IOException(server + "/metrics answered " + reply.status() + ": " + text);
            }
        }
        return parse(text);
    }

    static ServerResources parse(String metrics) throws IOException {
        double heap = 0;
        double direct = Double.NaN;
        double threads = Double.NaN;
        boolean heapSeen = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
                heapSeen = true;
            } else if (line.startsWith("jvm_buffer_memory_used_bytes{") && line.contains("id=\"direct\"")) {
                direct = value(line);
            } else if (line.startsWith("jvm_threads_live_threads ")) {
                threads = value(line);
            }
        }
        if (!heapSeen || Double.isNaN(direct) || Double.isNaN(threads)) {
            throw new IOException("the server's /metrics lack jvm_memory_used_bytes, jvm_buffer_memory_used_bytes or"
                    + " jvm_threads_live_threads");
        }
        return new ServerResources(heap, direct, threads);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The smaller of each figure. */
    ServerResources min(ServerResources other) {
        return new ServerResources(Math.min(heapBytes, other.heapBytes), Math.min(directBytes, other.directBytes),
                Math.min(threads, other.threads));
    }

    String describe() {
        return String.format(Locale.ROOT, "heap %.1f MB, direct %.1f MB, threads %.0f", heapBytes / MB,
                directBytes / MB, threads);
    }
}
