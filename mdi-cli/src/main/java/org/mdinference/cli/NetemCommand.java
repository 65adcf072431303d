package org.mdinference.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mdinference.netem.Fault;
import org.mdinference.netem.NetemProxy;
import org.mdinference.netem.Shaping;
import org.mdinference.sim.network.NetworkSpecs;
import org.mdinference.traces.Link;
import org.mdinference.traces.TraceLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "netem",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Emulates a device's network on real sockets: a TCP proxy on a loopback port that forwards each"
                + " connection to the target, every byte delayed by the time the trace's link takes to push it"
                + " through (first in, first out, all connections sharing the link) plus half the base RTT, each"
                + " direction by its own link. The traces are those mdi simulate reads; the trace's clock starts"
                + " with the proxy and wraps around at the trace's end. Runs until interrupted. See docs/netem.md.",
            ""},
        footer = {"",
            "Examples:",
            "  mdi netem --trace ../shared/traces/pensieve_norway_hsdpa_3g/norway_bus_1",
            "  mdi netem --trace ../shared/eval/mahimahi_cellular/Verizon-LTE-short.down",
            "  mdi netem --trace ../shared/traces/5gophers_5g/walking-trace.csv --rtt-ms 20",
            "  mdi netem --trace ../shared/traces/5gophers_5g/walking-trace.csv --fault stall",
            "  curl localhost:9090/v2/health/ready"})
final class NetemCommand implements Callable<Integer> {

    /** Mbit/s per byte a ms: 8 bits, 1000 ms a second, 10^6 bits a megabit. */
    private static final double MBPS_PER_BYTE_PER_MS = 8e-3;

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", required = true, paramLabel = "SPEC",
            description = {"The trace: trace:PATH[@MBps] or just PATH[@MBps], one file, its format recognised from"
                    + " its content (throughput traces, Lumos and 5Gophers CSVs, Mahimahi packet traces with their"
                    + " .up/.down pair, UCC 5G CSVs); @MBps when a two-column trace is in MByte/s. A paper: or gaussian:"
                    + " network has no link to follow, and a folder of traces is refused: name one of its files."})
    String trace;

    @Option(names = "--listen", paramLabel = "PORT", defaultValue = "9090",
            description = "Loopback port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int listen;

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "localhost:8080",
            converter = HostPort.class,
            description = "Where each connection goes (default: ${DEFAULT-VALUE}, where mdi serve listens).")
    InetSocketAddress target;

    @Option(names = "--rtt-ms", paramLabel = "R", defaultValue = "40",
            description = "Base round-trip time, half of it added each way, ms (default: ${DEFAULT-VALUE}).")
    double rttMs;

    @Option(names = "--uplink-scale", paramLabel = "F", defaultValue = "1.0",
            description = "Factor on a downlink-only trace's throughput for the uplink; traces that measured both"
                    + " directions use each as it is (default: ${DEFAULT-VALUE}).")
    double uplinkScale;

    @Option(names = "--offset-ms", paramLabel = "MS", defaultValue = "0",
            description = "How far into the trace its clock starts, ms (default: ${DEFAULT-VALUE}).")
    double offsetMs;

    @Option(names = "--fault", paramLabel = "MODE", defaultValue = "none",
            converter = FaultName.class,
            description = {"A fault to play on top of the shaping, to try a client against a failing server:"
                    + " none; stall (nothing is delivered either way, connections are still accepted: a hung"
                    + " server; what was held goes on when the stall ends); reset (every connection, open or new,"
                    + " is reset with a TCP RST: a crashed server). Default: ${DEFAULT-VALUE}."})
    Fault fault;

    @Option(names = "--fault-at-ms", paramLabel = "MS", defaultValue = "0",
            description = "When the fault starts, ms after the proxy (default: ${DEFAULT-VALUE}).")
    long faultAtMs;

    @Option(names = "--fault-for-ms", paramLabel = "MS",
            description = "How long the fault lasts, ms; then the traffic flows again (default: until stopped).")
    Long faultForMs;

    @Override
    public Integer call() throws Exception {
        if (faultAtMs < 0 || faultForMs != null && faultForMs <= 0) {
            throw new ParameterException(spec.commandLine(), "--fault-at-ms must not be negative and"
                    + " --fault-for-ms must be positive; got " + faultAtMs + " and " + faultForMs);
        }
        TraceLinks links = NetworkSpecs.links(trace, uplinkScale);
        Shaping shaping = new Shaping(links, rttMs, offsetMs);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (NetemProxy proxy = NetemProxy.start(shaping, listen, target)) {
            out.printf("mdi netem: trace %s (%s)%n", links.name(), links.format().description());
            out.println("  uplink:   " + describe(links.uplink()));
            out.println("  downlink: " + describe(links.downlink()));
            out.printf("  base RTT: %.1f ms, %.1f ms each way; the trace's clock starts %.1f s in%n", rttMs,
                    shaping.oneWayDelayMs(), offsetMs / 1000);
            out.printf("mdi netem: listening on localhost:%d, forwarding to %s:%d%n", proxy.port(),
                    target.getHostString(), target.getPort());
            out.println("Ctrl-C stops.");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor(work -> {
                Thread thread = new Thread(work, "netem-faults");
                thread.setDaemon(true);
                return thread;
            });
            try {
                if (fault != Fault.NONE) {
                    faults.schedule(() -> play(proxy, fault, out), faultAtMs, TimeUnit.MILLISECONDS);
                    if (faultForMs != null) {
                        faults.schedule(() -> play(proxy, Fault.NONE, out), faultAtMs + faultForMs,
                                TimeUnit.MILLISECONDS);
                    }
                }
                stopped.await();
            } catch (InterruptedException e) {
                // An interrupt is a request to stop, as Ctrl-C is, and closing the proxy answers it.
            } finally {
                faults.shutdownNow();
            }
        }
        return 0;
    }

    private static void play(NetemProxy proxy, Fault fault, PrintWriter out) {
        proxy.fault(fault);
        out.println(fault == Fault.NONE ? "mdi netem: the fault ended; traffic flows again"
                : "mdi netem: fault " + fault.name().toLowerCase(Locale.ROOT) + " from now");
        out.flush();
    }

    /** A fault's name: none, stall or reset, in any case. */
    static final class FaultName implements ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            try {
                return Fault.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is no fault: none, stall or reset");
            }
        }
    }

    private static String describe(Link link) {
        return String.format("mean %.2f Mbit/s over the trace's %.1f s, then again from its start",
                link.meanBytesPerMs() * MBPS_PER_BYTE_PER_MS, link.periodMs() / 1000);
    }

    /** {@code HOST:PORT}, a bracketed IPv6 address allowed as the host. */
    static final class HostPort implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not HOST:PORT");
            }
            String host = value.substring(0, colon).replaceFirst("^\\[(.*)]$", "$1");
            String port = value.substring(colon + 1);
            try {
                return new InetSocketAddress(host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "': port '" + port + "' is not a number");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }
}
