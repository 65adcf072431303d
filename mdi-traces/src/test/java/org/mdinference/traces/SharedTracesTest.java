package org.mdinference.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The real traces of the shared folder, read as a user would name them. */
class SharedTracesTest {

    /** 1 KB up and back, no base RTT: each time is the first sample's transfer alone, worked out by hand below. */
    private static final TransferSettings ONE_KB = new TransferSettings(1, 1, 0, 1.0, 1000);
    private static final Set<String> NOT_TRACES = Set.of("README.md", "README", "LICENSE", "SOURCES.tsv");

    private static TraceNetwork trace(Path path, String suffix, TransferSettings settings) {
        return (TraceNetwork) TraceSpecs.network("trace:" + path + suffix, settings);
    }

    @Test
    void everySharedFileIsATraceOrAKnownDocument() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.walk(SharedData.traces()), Files.walk(SharedData.eval()))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(350);
        for (Path file : files) {
            if (NOT_TRACES.contains(file.getFileName().toString())) {
                assertThatThrownBy(() -> TraceSpecs.network("trace:" + file, ONE_KB))
                        .hasMessageStartingWith(file + ": is not a trace of a known format");
            } else {
                NetworkTimes times = TraceSpecs.network("trace:" + file, TransferSettings.DEFAULTS).sample(20, 1);
                assertThat(Arrays.stream(times.uploadMs()).boxed()).as(file.toString())
                        .allMatch(ms -> ms > 0 && Double.isFinite(ms));
                assertThat(Arrays.stream(times.returnMs()).boxed()).as(file.toString())
                        .allMatch(ms -> ms >= 0 && Double.isFinite(ms));
            }
        }
    }

    @Test
    void everySharedCollectionIsOneNetwork() throws IOException {
        List<Path> directories;
        try (Stream<Path> traces = Files.list(SharedData.traces()); Stream<Path> eval = Files.list(SharedData.eval())) {
            directories = Stream.concat(traces, eval).filter(Files::isDirectory).sorted().toList();
        }
        assertThat(directories).extracting(dir -> dir.getFileName().toString()).containsExactlyInAnyOrder(
                "5gophers_5g", "lumos_wifi_4g_chunks", "pensieve_fcc_broadband", "pensieve_norway_hsdpa_3g",
                "puffer_residential", "mahimahi_cellular", "ucc_irish_5g");
        for (Path directory : directories) {
            TraceDirectoryNetwork network = (TraceDirectoryNetwork) TraceSpecs.network("trace:" + directory,
                    TransferSettings.DEFAULTS);
            assertThat(network.name()).isEqualTo(directory.getFileName().toString());
            assertThat(network.skippedFiles()).as(network.name()).isZero();
            assertThat(Arrays.stream(network.sample(200, 3).uploadMs()).boxed()).as(network.name())
                    .allMatch(ms -> ms > 0 && Double.isFinite(ms));
        }
        TraceDirectoryNetwork fcc = (TraceDirectoryNetwork) TraceSpecs.network(
                "trace:" + SharedData.traces().resolve("pensieve_fcc_broadband"), TransferSettings.DEFAULTS);
        assertThat(fcc.traceCount()).isEqualTo(147);
        TraceDirectoryNetwork mahimahi = (TraceDirectoryNetwork) TraceSpecs.network(
                "trace:" + SharedData.eval().resolve("mahimahi_cellular"), TransferSettings.DEFAULTS);
        assertThat(mahimahi.traceCount()).isEqualTo(5);
    }

    @Test
    void norwayStartsAt4Point04Mbps() {
        NetworkTimes times = trace(SharedData.traces().resolve("pensieve_norway_hsdpa_3g/norway_bus_1"), "", ONE_KB)
                .replay(0, 1);

        assertThat(times.uploadMs()[0]).isCloseTo(1000 / (4.03768755221 * 125), within(1e-9));
    }

    @Test
    void pufferIsReadInMegabytesASecondWhenToldSo() {
        Path puffer = SharedData.traces().resolve("puffer_residential/trace+5qB-2tpnIcXLrnJhOyOtQQBSVdU3WQy5cesrY6jftw=_14");

        assertThat(trace(puffer, "@MBps", ONE_KB).replay(0, 1).uploadMs()[0])
                .isCloseTo(1000 / (0.882678 * 8 * 125), within(1e-9));
        assertThat(trace(puffer, "", ONE_KB).replay(0, 1).uploadMs()[0])
                .isCloseTo(1000 / (0.882678 * 125), within(1e-9));
    }

    @Test
    void lumosStartsWithA401KbpsChunk() {
        Path lumos = SharedData.traces().resolve("lumos_wifi_4g_chunks/210311_1702-50Mbps-4g-strong-bbb_2s-BBA.csv");

        assertThat(trace(lumos, "", ONE_KB).replay(0, 1).uploadMs()[0]).isCloseTo(1000 / (401 * 0.125), within(1e-9));
    }

    @Test
    void gophersDrivingTracesUseTheirFirstCarriersColumn() {
        Path drive = SharedData.traces().resolve("5gophers_5g/car-driving-trace-1.csv");
        Path walk = SharedData.traces().resolve("5gophers_5g/walking-trace.csv");

        assertThat(trace(drive, "", ONE_KB).replay(0, 1).uploadMs()[0])
                .isCloseTo(1000 / (25.764822301311288 * 125), within(1e-9));
        assertThat(trace(walk, "", ONE_KB).replay(0, 1).uploadMs()[0]).isCloseTo(1000 / (92.1 * 125), within(1e-9));
    }

    @Test
    void gophersRoundTripTimesAreTheirOwnNetwork() {
        Network rtts = TraceSpecs.network("trace:" + SharedData.traces().resolve("5gophers_5g/02-Round-Trip-Times_data.csv"),
                TransferSettings.DEFAULTS);

        NetworkTimes times = rtts.sample(720, 1);

        assertThat(times.returnMs()).containsExactly(times.uploadMs());
        assertThat(times.uploadMs()).contains(20.0, 18.9);
    }

    @Test
    void mahimahiAttLteUsesItsUpAndDownFiles() {
        Path down = SharedData.eval().resolve("mahimahi_cellular/ATT-LTE-driving-2016.down");
        TransferSettings threePacketsEachWay = new TransferSettings(4.5, 4.5, 0, 0.25, 1000);

        NetworkTimes times = trace(down, "", threePacketsEachWay).replay(0, 1);

        // .up opens 0, 48, 57, 57: the third packet leaves at 57 ms; .down then has 57, 57, 58.
        assertThat(times.uploadMs()).containsExactly(57.0);
        assertThat(times.returnMs()).containsExactly(1.0);
    }

    @Test
    void uccStartsAt53KbpsUpAnd222KbpsDown() {
        Path ucc = SharedData.eval().resolve("ucc_irish_5g/Driving_B_2019.12.16_07.22.43.csv");

        NetworkTimes times = trace(ucc, "", ONE_KB).replay(0, 1);

        assertThat(times.uploadMs()[0]).isCloseTo(1000 / (53 * 0.125), within(1e-9));
        assertThat(times.returnMs()[0]).isCloseTo(1000 / (222 * 0.125), within(1e-9));
    }
}
