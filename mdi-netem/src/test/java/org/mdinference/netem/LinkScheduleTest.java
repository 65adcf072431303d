package org.mdinference.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.traces.Link;
import org.mdinference.traces.TraceSpecs;

class LinkScheduleTest {

    private static final Link NORWAY_3G = TestTraces.sharedLinks("traces/pensieve_norway_hsdpa_3g/norway_bus_1").downlink();
    private static final Link VERIZON_LTE = TestTraces.sharedLinks("eval/mahimahi_cellular/Verizon-LTE-short.down")
            .downlink();

    @TempDir
    Path dir;

    /** 8 Mbit/s: 1000 bytes a ms. */
    private Link eightMbps() {
        return TestTraces.constant(dir, 8).downlink();
    }

    @Test
    void aChunkOnAnIdleLinkArrivesAfterItsTransferAndTheDelay() {
        LinkSchedule schedule = new LinkSchedule(eightMbps(), 20);

        assertThat(schedule.arrivalsMs(100, 500)).containsExactly(120.5);
    }

    @Test
    void slicesArriveOnePacketAtATime() {
        LinkSchedule schedule = new LinkSchedule(eightMbps(), 20);

        assertThat(schedule.arrivalsMs(0, 4000)).containsExactly(21.5, 23.0, 24.0);
    }

    @Test
    void aChunkReadWhileTheLinkIsBusyWaitsBehindTheOneBefore() {
        LinkSchedule schedule = new LinkSchedule(eightMbps(), 20);

        schedule.arrivalsMs(0, 3000);

        assertThat(schedule.arrivalsMs(1, 1000)).containsExactly(24.0);
    }

    @Test
    void capacityLeftIdleIsLost() {
        LinkSchedule schedule = new LinkSchedule(eightMbps(), 20);

        schedule.arrivalsMs(0, 1000);

        assertThat(schedule.arrivalsMs(10, 1000)).containsExactly(31.0);
    }

    @Test
    void onAPacketTraceChunksOfABusyLinkShareDeliveryOpportunities() throws IOException {
        Path file = Files.writeString(dir.resolve("every-ms"), "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
        LinkSchedule schedule = new LinkSchedule(TraceSpecs.links("trace:" + file, 1).downlink(), 0);

        assertThat(schedule.arrivalsMs(0, 1000)).containsExactly(1.0);
        // Chunk by chunk, this one would take the next opportunity for its 500 bytes; Mahimahi packs them in.
        assertThat(schedule.arrivalsMs(0.5, 500)).containsExactly(1.0);
        assertThat(schedule.arrivalsMs(0.5, 1)).containsExactly(2.0);
    }

    @Test
    void theEndOfAStreamArrivesBehindTheDataButTakesNoCapacity() {
        LinkSchedule schedule = new LinkSchedule(eightMbps(), 20);

        schedule.arrivalsMs(0, 2000);

        assertThat(schedule.arrivalsMs(1, 0)).containsExactly(22.0);
        assertThat(schedule.arrivalsMs(1.5, 1000)).containsExactly(23.0);
        assertThat(schedule.arrivalsMs(50, 0)).containsExactly(70.0);
    }

    @Property(tries = 200)
    void howeverABusyLinkIsReadItsBytesArriveAsOneTransfer(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 200_000) Integer> chunks,
            @ForAll @DoubleRange(min = 0, max = 2e6) double startMs, @ForAll boolean packetTrace) {
        Link link = packetTrace ? VERIZON_LTE : NORWAY_3G;
        LinkSchedule schedule = new LinkSchedule(link, 20);
        long total = 0;
        double previous = Double.NEGATIVE_INFINITY;
        for (int bytes : chunks) {
            total += bytes;
            for (double arrival : schedule.arrivalsMs(startMs, bytes)) {
                assertThat(arrival).isGreaterThanOrEqualTo(Math.max(previous, startMs + 20));
                previous = arrival;
            }
        }
        assertThat(previous).isCloseTo(startMs + link.transferMs(startMs, total) + 20, within(1e-6));
    }
}
