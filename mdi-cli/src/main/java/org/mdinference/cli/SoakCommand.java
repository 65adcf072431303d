package org.mdinference.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mdinference.loadgen.Soak;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "soak",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Soaks a running server for a bounded time with a mixed load and checks that it loses nothing"
                + " and holds no more than it did. The load: the zoo's requests with SLAs of 5, 20, 50 and 100 ms, its"
                + " first three members' directly, as JSON tensors, binary tensors and PNG images; malformed requests"
                + " that must be answered 400; and clients that close the connection after half the body, or after"
                + " the whole request before the reply. It runs at a base rate with bursts of 1 s every 5 s at a"
                + " multiple of the server's capacity (measured first by a 3 s closed loop of 16 clients, unless"
                + " --capacity gives it).",
            "Every request sent is accounted for: served (200), an explicit error (a status of 400 or more with a"
                + " message: 503 when a queue is full, 504 when late, 400 for the malformed), or abandoned on"
                + " purpose. It fails (exit code 1) when one is lost (the connection failed without a reply), hung"
                + " (no reply within --hang-ms) or wrong (a malformed request not refused with 400); when the"
                + " server's live threads, direct buffer memory or heap, read from its /metrics in a window at the"
                + " start and one at the end (each figure's least in the window, under the base load), grew by more"
                + " than the slack; or when afterwards a request of any kind is not answered as it should be.", ""},
        footer = {"",
            "Examples:",
            "  mdi soak --duration 180",
            "  mdi soak --url http://127.0.0.1:8080 --duration 30 --capacity 800 --burst-factor 3",
            "See docs/reliability.md (Soak)."})
final class SoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--zoo", paramLabel = "NAME", defaultValue = "fashion",
            description = "The zoo the server serves (default: ${DEFAULT-VALUE}).")
    String zoo;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "180",
            description = "Seconds of the soak, after the capacity run: a warm-up period of 5 s, the two windows,"
                    + " and at least one period of 5 s (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--window", paramLabel = "S", defaultValue = "3",
            description = "Seconds of the start and end windows at the base rate, whose resources are compared"
                    + " (default: ${DEFAULT-VALUE}).")
    long windowSeconds;

    @Option(names = "--capacity", paramLabel = "R",
            description = "Replies a second the server sustains (default: measured).")
    Double capacity;

    @Option(names = "--burst-factor", paramLabel = "X", defaultValue = "3",
            description = "The bursts' rate, times the capacity (default: ${DEFAULT-VALUE}).")
    double burstFactor;

    @Option(names = "--base-fraction", paramLabel = "X", defaultValue = "0.5",
            description = "The base rate, times the capacity (default: ${DEFAULT-VALUE}).")
    double baseFraction;

    @Option(names = "--hang-ms", paramLabel = "MS", defaultValue = "35000",
            description = "A request not answered within this is hung; make it longer than the server's"
                    + " --request-timeout-ms (default: ${DEFAULT-VALUE}).")
    long hangMs;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "64",
            description = "Requests outstanding at most, each on a connection of its own; a send due beyond is"
                    + " skipped and counted, not sent (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "12",
            description = "Seeds the draw of the requests (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--thread-slack", paramLabel = "N",
            description = "Live threads the server may have more at the end (default: --max-in-flight: its request"
                    + " pool may grow by a thread for each connection the soak holds at once, and keeps an idle"
                    + " thread for a minute; a thread leaked for each request or each abandoned connection goes past"
                    + " it within seconds).")
    Integer threadSlack;

    @Option(names = "--direct-slack-mb", paramLabel = "MB", defaultValue = "" + DEFAULT_DIRECT_SLACK_MB,
            description = "Direct buffer memory the server may hold more at the end (default: ${DEFAULT-VALUE}).")
    double directSlackMb;

    @Option(names = "--heap-slack-mb", paramLabel = "MB", defaultValue = "" + DEFAULT_HEAP_SLACK_MB,
            description = "Heap (its least in a window) the server may hold more at the end (default:"
                    + " ${DEFAULT-VALUE}).")
    double heapSlackMb;

    /**
     * The server's pools of direct buffers grow with the connections; one kept for each request (4 KB and more)
     * passes this within 5,000 requests, a few seconds of the soak.
     */
    static final int DEFAULT_DIRECT_SLACK_MB = 16;
    /**
     * A request's body kept (3 KB binary, 10 KB JSON, and its decoded floats) passes this within about 10,000
     * requests, some 15 s of the soak on two cores; the least heap of a window grew by 6 MB at most in measured runs.
     */
    static final int DEFAULT_HEAP_SLACK_MB = 32;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (capacity != null && !(capacity > 0)) {
            throw new ParameterException(spec.commandLine(), "--capacity must be positive, got " + capacity);
        }
        if (windowSeconds < 1 || hangMs < 1) {
            throw new ParameterException(spec.commandLine(), "--window and --hang-ms must be positive");
        }
        Soak.Settings settings;
        try {
            settings = new Soak.Settings(URI.create(url), zoo, Duration.ofSeconds(durationSeconds),
                    Duration.ofSeconds(windowSeconds), capacity == null ? Double.NaN : capacity, burstFactor,
                    baseFraction, Duration.ofMillis(hangMs), maxInFlight, seed,
                    new Soak.Flatness(threadSlack == null ? maxInFlight : threadSlack, directSlackMb * (1 << 20),
                            heapSlackMb * (1 << 20)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Soak.run(settings, out).passed() ? 0 : 1;
    }
}
