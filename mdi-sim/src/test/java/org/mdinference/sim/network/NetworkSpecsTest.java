package org.mdinference.sim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.traces.Network;
import org.mdinference.traces.NetworkTimes;
import org.mdinference.traces.TraceFormat;
import org.mdinference.traces.TraceLinks;
import org.mdinference.traces.TransferSettings;

class NetworkSpecsTest {

    private static final TransferSettings SETTINGS = TransferSettings.DEFAULTS;

    @Test
    void aPaperNetworkIsNamedByItsSpecAndCountsOneDrawBothWays() {
        Network home = NetworkSpecs.parse("paper:Home high-sigma", SETTINGS);

        NetworkTimes times = home.sample(100, 1);

        assertThat(home.name()).isEqualTo("paper:Home high-sigma");
        assertThat(times.returnMs()).containsExactly(times.uploadMs());
    }

    @Test
    void aPaperNetworkTakesTheTablesMeanAndDeviation() {
        NetworkTimes perfect = NetworkSpecs.parse("paper:Perfect", SETTINGS).sample(5, 1);

        assertThat(perfect.uploadMs()).containsOnly(50.0);
    }

    @Test
    void anUnknownPaperNetworkListsTheKnownOnes() {
        assertThatThrownBy(() -> NetworkSpecs.parse("paper:home", SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown paper network 'home': known are Home, Home high-sigma, Campus, LTE SIM, Artificial,"
                        + " Artificial2, Perfect");
    }

    @Test
    void aGaussianNetworkIsNamedByItsSpecAndDrawsEachWay() {
        Network network = NetworkSpecs.parse("gaussian:50:25", SETTINGS);

        NetworkTimes times = network.sample(10, 1);

        assertThat(network.name()).isEqualTo("gaussian:50:25");
        assertThat(times.returnMs()).isNotEqualTo(times.uploadMs());
        assertThat(NetworkSpecs.parse("gaussian:50:0", SETTINGS).sample(3, 1).returnMs()).containsOnly(50.0);
    }

    @Test
    void badGaussianParametersAreNamed() {
        assertThatThrownBy(() -> NetworkSpecs.parse("gaussian:abc:3", SETTINGS))
                .hasMessage("network 'gaussian:abc:3': mean 'abc' is not a number");
        assertThatThrownBy(() -> NetworkSpecs.parse("gaussian:50:NaN", SETTINGS))
                .hasMessage("network 'gaussian:50:NaN': standard deviation 'NaN' is not a number");
        assertThatThrownBy(() -> NetworkSpecs.parse("gaussian:-5:3", SETTINGS))
                .hasMessage("gaussian:-5:3: mean one-way time must be a positive number of ms, got -5.0");
        assertThatThrownBy(() -> NetworkSpecs.parse("gaussian:5:-1", SETTINGS))
                .hasMessage("gaussian:5:-1: standard deviation must be a non-negative number of ms, got -1.0");
        assertThatThrownBy(() -> NetworkSpecs.parse("gaussian:5", SETTINGS))
                .hasMessage("network 'gaussian:5' must be gaussian:MEAN:STD, one-way ms");
    }

    @Test
    void anUnknownKindOfSpecIsRejected() {
        assertThatThrownBy(() -> NetworkSpecs.parse("wifi", SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown network 'wifi': use paper:NAME, gaussian:MEAN:STD or trace:PATH");
    }

    @Test
    void aMissingTracePathIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> NetworkSpecs.parse("trace:" + missing, SETTINGS))
                .hasMessage("no such trace file or directory: " + missing);
        assertThatThrownBy(() -> NetworkSpecs.parse("trace:" + missing + "@MBps", SETTINGS))
                .hasMessage("no such trace file or directory: " + missing);
        assertThatThrownBy(() -> NetworkSpecs.parse("trace:", SETTINGS))
                .hasMessage("network 'trace:' names no path: use trace:PATH");
    }

    @Test
    void aTraceIsNamedAfterItsFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("norway_bus_1"), "0 1\n1 2\n");

        assertThat(NetworkSpecs.parse("trace:" + file, SETTINGS).name()).isEqualTo("norway_bus_1");
    }

    @Test
    void commaSeparatedSpecsGiveTheirNetworksInOrder(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("link"), "0 1\n");

        List<Network> networks = NetworkSpecs.parseAll("paper:Home, paper:Home high-sigma,gaussian:50:25,trace:" + file,
                SETTINGS);

        assertThat(networks).extracting(Network::name)
                .containsExactly("paper:Home", "paper:Home high-sigma", "gaussian:50:25", "link");
    }

    @Test
    void anEmptySpecInAListIsRejected() {
        assertThatThrownBy(() -> NetworkSpecs.parseAll("paper:Home,,paper:Campus", SETTINGS))
                .hasMessage("empty network spec in 'paper:Home,,paper:Campus'");
        assertThatThrownBy(() -> NetworkSpecs.parseAll("", SETTINGS))
                .hasMessage("empty network spec in ''");
    }

    @Test
    void aTraceSpecGivesItsLinksWithTheUplinkScaled(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bus"), "0 8\n1 8\n");

        TraceLinks links = NetworkSpecs.links("trace:" + file, 0.25);

        assertThat(links.name()).isEqualTo("bus");
        assertThat(links.format()).isEqualTo(TraceFormat.TWO_COLUMN);
        assertThat(links.downlink().meanBytesPerMs()).isEqualTo(1000.0);
        assertThat(links.uplink().meanBytesPerMs()).isEqualTo(250.0);
        assertThat(links.downlink().transferMs(0, 500)).isEqualTo(0.5);
        assertThat(NetworkSpecs.links(file + "@MBps", 1).downlink().meanBytesPerMs()).isEqualTo(8000.0);
    }

    @Test
    void aMahimahiPairGivesEachDirectionItsOwnFileUnscaled(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cell.up"), "1\n2\n3\n10\n");
        Path down = Files.writeString(dir.resolve("cell.down"), "7\n8\n9\n10\n");

        TraceLinks links = NetworkSpecs.links(down.toString(), 0.25);

        assertThat(links.format()).isEqualTo(TraceFormat.MAHIMAHI);
        assertThat(links.uplink().transferMs(0, 3000)).isEqualTo(2.0);
        assertThat(links.downlink().transferMs(0, 3000)).isEqualTo(8.0);
    }

    @Test
    void distributionsHaveNoLinks() {
        assertThatThrownBy(() -> NetworkSpecs.links("paper:Home", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network 'paper:Home' draws request times from a distribution; it has no link to shape"
                        + " traffic with: use trace:PATH");
        assertThatThrownBy(() -> NetworkSpecs.links("gaussian:50:10", 1))
                .hasMessageStartingWith("network 'gaussian:50:10' draws request times from a distribution");
    }

    @Test
    void aDirectoryAnRttTraceOrABadScaleGiveNoLinks(@TempDir Path dir) throws IOException {
        Path rtt = Files.writeString(dir.resolve("ping.csv"), "rtt_ms\n30\n");
        Path trace = Files.writeString(dir.resolve("bus"), "0 8\n");

        assertThatThrownBy(() -> NetworkSpecs.links("trace:" + dir, 1))
                .hasMessage(dir + " is a directory of traces; a link follows one trace: name one of its files");
        assertThatThrownBy(() -> NetworkSpecs.links("trace:" + rtt, 1))
                .hasMessage(rtt + ": holds round-trip times only, no throughput or packet deliveries to make a link of");
        assertThatThrownBy(() -> NetworkSpecs.links("trace:" + trace, 0))
                .hasMessage("uplink scale must be a positive number, got 0.0");
        assertThatThrownBy(() -> NetworkSpecs.links("trace:", 1))
                .hasMessage("network 'trace:' names no path: use trace:PATH");
    }
}
