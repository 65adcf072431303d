package org.mdinference.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each trace format, written small enough to work out its times by hand. */
class TraceFormatsTest {

    /** 100 KB up, 1 KB back, 40 ms RTT: at 8 Mbit/s (1000 bytes a ms) an upload takes 20 + 100 ms. */
    private static final TransferSettings HUNDRED_KB = new TransferSettings(100, 1, 40, 1.0, 1000);
    private static final String LUMOS_HEADER = "downstream_bandwidth,connection_type,signal_strength,bitrate,"
            + "chunk_size,app_throughput,delivery_time,player_state,chunk_index\n";
    private static final String UCC_HEADER = "Timestamp,Longitude,DL_bitrate,UL_bitrate,State\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static TraceNetwork trace(String spec, TransferSettings settings) {
        return (TraceNetwork) TraceSpecs.network(spec, settings);
    }

    @Test
    void twoColumnSamplesHoldUntilTheNextOne() throws IOException {
        Path file = write("steps", "0 8\n1 4\n2 8\n");

        NetworkTimes times = trace("trace:" + file, HUNDRED_KB).replay(0, 3);

        assertThat(times.uploadMs()).containsExactly(120.0, 220.0, 120.0);
        assertThat(times.returnMs()).containsExactly(21.0, 22.0, 21.0);
    }

    @Test
    void theLastTwoColumnSampleHoldsForTheMedianStep() throws IOException {
        // Steps of 1 s and 2 s: the last sample (2 Mbit/s) holds 1.5 s, so the trace wraps at 4.5 s. A request at
        // 4.4 s pushes 25 000 bytes in 100 ms at 250 bytes a ms, the other 75 000 in 75 ms after the wrap.
        Path file = write("uneven", "0 8\n1\t4\n3   2\n");
        TransferSettings everyFourPointFourSeconds = new TransferSettings(100, 1, 40, 1.0, 4400);

        NetworkTimes times = trace("trace:" + file, everyFourPointFourSeconds).replay(0, 2);

        assertThat(times.uploadMs()).containsExactly(120.0, 20 + 100 + 75.0);
    }

    @Test
    void aMegabyteSuffixMultipliesTwoColumnValuesByEight() throws IOException {
        Path file = write("puffer", "0 1\n2 1\n");

        assertThat(trace("trace:" + file + "@MBps", HUNDRED_KB).replay(0, 1).uploadMs()).containsExactly(120.0);
        assertThat(trace("trace:" + file + "@Mbps", HUNDRED_KB).replay(0, 1).uploadMs()).containsExactly(820.0);
        assertThat(trace("trace:" + file, HUNDRED_KB).replay(0, 1).uploadMs()).containsExactly(820.0);
        assertThat(TraceSpecs.network("trace:" + file + "@MBps", HUNDRED_KB).name()).isEqualTo("puffer");
    }

    @Test
    void lumosChunksHoldTheirThroughputForTheirDeliveryTime() throws IOException {
        Path file = write("lumos.csv", LUMOS_HEADER
                + "50M,4g,strong,300,29,8000,0.5,steady,1\n50M,4g,strong,300,29,4000,0.5,steady,2\n");

        NetworkTimes times = trace("trace:" + file, HUNDRED_KB).replay(450, 1);

        assertThat(times.uploadMs()).containsExactly(20 + 50 + 100.0);
    }

    @Test
    void gophersThroughputUsesTheFirstThroughputColumnOneRowASecond() throws IOException {
        Path file = write("drive.csv", "protocol,num_tcp_conn,seq_num,Sprint_throughput_mbps,TMobile_throughput_mbps\n"
                + "TCP,8,0,8,80\nTCP,8,1,4,40\n");

        NetworkTimes times = trace("trace:" + file, HUNDRED_KB).replay(0, 3);

        assertThat(times.uploadMs()).containsExactly(120.0, 220.0, 120.0);
    }

    @Test
    void rttSamplesAreSplitEvenlyBetweenTheDirectionsInOrder() throws IOException {
        Path file = write("ping.log", "protocol,probe_num,rtt_in_ms\nICMP,1,40\nICMP,2,60\nICMP,3,80\n");

        NetworkTimes times = TraceSpecs.network("trace:" + file, HUNDRED_KB).sample(6, 11);

        assertThat(times.returnMs()).containsExactly(times.uploadMs());
        double[] cycle = {20, 30, 40, 20, 30, 40, 20, 30};
        int start = (int) (times.uploadMs()[0] - 20) / 10;
        assertThat(times.uploadMs()).containsExactly(Arrays.copyOfRange(cycle, start, start + 6));
    }

    @Test
    void aRttColumnNamedRttMsIsRecognisedToo() throws IOException {
        Path file = write("rtts.csv", "rtt_ms,carrier\n50,A\n");

        assertThat(TraceSpecs.network("trace:" + file, HUNDRED_KB).sample(2, 1).uploadMs()).containsExactly(25.0, 25.0);
    }

    @Test
    void aMahimahiTraceCountsDeliveryOpportunities() throws IOException {
        Path file = write("cell", "5\n5\n10\n20\n");
        TransferSettings threeKb = new TransferSettings(3, 3.1, 0, 1.0, 1000);
        TransferSettings threeKbHalfUplink = new TransferSettings(3, 3.1, 0, 0.5, 1000);

        NetworkTimes times = trace("trace:" + file, threeKb).replay(0, 1);
        NetworkTimes halfUplink = trace("trace:" + file, threeKbHalfUplink).replay(0, 1);

        assertThat(times.uploadMs()).containsExactly(5.0);
        assertThat(times.returnMs()).containsExactly(5.0);
        assertThat(halfUplink.uploadMs()).containsExactly(20.0);
        assertThat(halfUplink.returnMs()).containsExactly(5.0);
    }

    @Test
    void aMahimahiPairUsesItsUpFileForTheUploadUnscaled() throws IOException {
        write("link.up", "1\n2\n3\n10\n");
        Path down = write("link.down", "7\n8\n9\n10\n");
        TransferSettings quarterUplink = new TransferSettings(3, 1, 0, 0.25, 1000);

        TraceNetwork fromDown = trace("trace:" + down, quarterUplink);
        TraceNetwork fromUp = trace("trace:" + dir.resolve("link.up"), quarterUplink);

        assertThat(fromDown.replay(0, 1).uploadMs()).containsExactly(2.0);
        assertThat(fromDown.replay(0, 1).returnMs()).containsExactly(5.0);
        assertThat(fromUp.replay(0, 1).uploadMs()).containsExactly(2.0);
        assertThat(fromUp.replay(0, 1).returnMs()).containsExactly(5.0);
        assertThat(fromDown.name()).isEqualTo("link.down");
    }

    @Test
    void uccUsesItsUplinkColumnForTheUploadUnscaled() throws IOException {
        Path file = write("drive.csv", UCC_HEADER + "t0,1,8000,800,D\nt1,1,8000,800,D\n");
        TransferSettings tenKbQuarterUplink = new TransferSettings(10, 1, 40, 0.25, 1000);

        NetworkTimes times = trace("trace:" + file, tenKbQuarterUplink).replay(0, 1);

        assertThat(times.uploadMs()).containsExactly(120.0);
        assertThat(times.returnMs()).containsExactly(21.0);
    }

    @Test
    void uccTransfersWaitThroughOutages() throws IOException {
        Path file = write("outage.csv", UCC_HEADER + "t0,1,8000,800,D\nt1,1,8000,0,D\nt2,1,8000,800,D\n");
        TransferSettings twentyKb = new TransferSettings(20, 1, 40, 1.0, 1000);

        NetworkTimes times = trace("trace:" + file, twentyKb).replay(900, 1);

        assertThat(times.uploadMs()).containsExactly(20 + 100 + 1000 + 100.0);
    }

    @Test
    void aTraceWithoutCapacityIsRejectedNamingFileAndDirection() throws IOException {
        Path ucc = write("dead.csv", UCC_HEADER + "t0,1,8000,0,D\nt1,1,8000,0,D\n");
        Path twoColumn = write("flat", "0 0\n1 0\n");

        assertThatThrownBy(() -> TraceSpecs.network("trace:" + ucc, HUNDRED_KB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(ucc + ": column ul_bitrate: the trace has no positive throughput at all");
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + twoColumn, HUNDRED_KB))
                .hasMessage(twoColumn + ": the trace has no positive throughput at all");
    }

    @Test
    void anUnrecognisedOrEmptyFileIsRejectedListingTheFormats() throws IOException {
        Path prose = write("notes.txt", "hello world\n");
        Path empty = write("empty", "\n\n");

        assertThatThrownBy(() -> TraceSpecs.network("trace:" + prose, HUNDRED_KB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(prose + ": is not a trace of a known format; understood are " + TraceFormat.understood());
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + empty, HUNDRED_KB))
                .hasMessage(empty + ": is empty; understood are " + TraceFormat.understood());
        assertThat(TraceFormat.understood()).contains("time_s throughput", "Lumos", "5Gophers", "rtt_in_ms",
                "Mahimahi", "UCC");
    }

    @Test
    void junkLinesAreReportedByFileAndLine() throws IOException {
        Path twoColumn = write("junk", "0 8\n\n1 x\n");
        Path mahimahi = write("junk.up", "5\n5\nfoo\n");
        Path lumos = write("junk.csv", LUMOS_HEADER + "50M,4g,strong,300,29,abc,0.5,steady,1\n");
        Path shortRow = write("short", "0 8\n1\n");

        assertThatThrownBy(() -> TraceSpecs.network("trace:" + twoColumn, HUNDRED_KB))
                .hasMessage(twoColumn + ": line 3 'x' is not a number");
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + mahimahi, HUNDRED_KB))
                .hasMessage(mahimahi + ": line 3 'foo' is not a ms timestamp");
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + lumos, HUNDRED_KB))
                .hasMessage(lumos + ": line 2 'abc' is not a number");
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + shortRow, HUNDRED_KB))
                .hasMessage(shortRow + ": line 2 has 1 columns; expected 'time_s throughput'");
    }

    @Test
    void valuesOutOfRangeAreReportedByFileAndLine() throws IOException {
        Path backwards = write("backwards", "0 8\n2 8\n1 8\n");
        Path negative = write("negative", "0 8\n1 -3\n");
        Path zeroRtt = write("zero.csv", "rtt_ms\n20\n0\n");

        assertThatThrownBy(() -> TraceSpecs.network("trace:" + backwards, HUNDRED_KB))
                .hasMessage(backwards + ": line 3 goes back in time: 1.0 s after 2.0 s");
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + negative, HUNDRED_KB))
                .hasMessage(negative + ": line 2 has a negative throughput -3.0");
        assertThatThrownBy(() -> TraceSpecs.network("trace:" + zeroRtt, HUNDRED_KB))
                .hasMessage(zeroRtt + ": line 3 has an RTT of 0.0 ms; it must be positive");
    }
}
