package org.mdinference.netem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mdinference.traces.Link;
import org.mdinference.traces.SharedData;
import org.mdinference.traces.TraceLinks;
import org.mdinference.traces.TraceSpecs;

/** Traces for the tests: the project's shared ones, and constant-rate trace files written on the spot. */
final class TestTraces {

    private TestTraces() {
    }

    /** A shared trace by its path under shared/, read as {@code mdi netem --trace} reads it (uplink unscaled). */
    static TraceLinks sharedLinks(String pathUnderShared) {
        return TraceSpecs.links("trace:" + SharedData.folder().resolve(pathUnderShared), 1);
    }

    /** A two-column trace file that holds {@code mbps} for ever, both ways. */
    static TraceLinks constant(Path dir, double mbps) {
        try {
            Path file = Files.writeString(dir.resolve("constant-" + mbps + "mbps"), "0 " + mbps + "\n");
            return TraceSpecs.links("trace:" + file, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most bytes {@code link} pushes through within {@code durationMs} from {@code startMs}. */
    static long capacityBytes(Link link, double startMs, double durationMs) {
        long enough = 1;
        while (link.transferMs(startMs, enough) <= durationMs) {
            enough *= 2;
        }
        long fits = 0;
        while (enough - fits > 1) {
            long middle = (fits + enough) >>> 1;
            if (link.transferMs(startMs, middle) <= durationMs) {
                fits = middle;
            } else {
                enough = middle;
            }
        }
        return fits;
    }
}
