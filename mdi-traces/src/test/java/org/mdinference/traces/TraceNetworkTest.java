package org.mdinference.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TraceNetworkTest {

    private static final TransferSettings HUNDRED_KB = new TransferSettings(100, 1, 40, 1.0, 1000);
    private static final RateLink EIGHT_MBPS = RateLink.of(new double[] {1000}, new double[] {1000});

    @Test
    void uploadIsHalfTheRttPlusThePayloadThroughTheLink() {
        NetworkTimes times = TraceNetwork.sharedLink("constant", EIGHT_MBPS, HUNDRED_KB).replay(0, 3);

        assertThat(times.uploadMs()).containsExactly(120.0, 120.0, 120.0);
        assertThat(times.returnMs()).containsExactly(21.0, 21.0, 21.0);
    }

    @Test
    void aSharedLinkIsScaledForTheUpload() {
        TransferSettings quarterUplink = new TransferSettings(100, 1, 40, 0.25, 1000);

        NetworkTimes times = TraceNetwork.sharedLink("constant", EIGHT_MBPS, quarterUplink).replay(0, 1);

        assertThat(times.uploadMs()).containsExactly(420.0);
        assertThat(times.returnMs()).containsExactly(21.0);
    }

    @Test
    void separateLinksAreNotScaled() {
        TransferSettings quarterUplink = new TransferSettings(100, 1, 40, 0.25, 1000);
        RateLink fourMbps = RateLink.of(new double[] {1000}, new double[] {500});

        NetworkTimes times = TraceNetwork.separateLinks("both", fourMbps, EIGHT_MBPS, quarterUplink).replay(0, 1);

        assertThat(times.uploadMs()).containsExactly(220.0);
        assertThat(times.returnMs()).containsExactly(21.0);
    }

    @Test
    void theReplyLeavesWhenTheUploadHasArrived() {
        // Silent for the first 120 ms, then 10 bytes a ms: a reply leaving at 120 ms needs 100 ms for 1 KB.
        RateLink lateDownlink = RateLink.of(new double[] {120, 880}, new double[] {0, 10});

        NetworkTimes times = TraceNetwork.separateLinks("late", EIGHT_MBPS, lateDownlink, HUNDRED_KB).replay(0, 1);

        assertThat(times.uploadMs()).containsExactly(120.0);
        assertThat(times.returnMs()).containsExactly(20 + 100.0);
    }

    @Test
    void requestsStepThroughTheTraceAndWrapAroundItsEnd() {
        RateLink falling = RateLink.of(new double[] {1000, 1000, 1000}, new double[] {1000, 500, 250});
        TransferSettings tenKbNoRtt = new TransferSettings(10, 0, 0, 1.0, 1000);

        NetworkTimes times = TraceNetwork.sharedLink("falling", falling, tenKbNoRtt).replay(500, 5);

        assertThat(times.uploadMs()).containsExactly(10.0, 20.0, 40.0, 10.0, 20.0);
        assertThat(times.returnMs()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void theSameSeedGivesTheSameTimesAndAnotherSeedOthers() {
        RateLink varied = RateLink.of(new double[] {700, 1300, 900}, new double[] {100, 900, 40});
        TraceNetwork network = TraceNetwork.sharedLink("varied", varied, TransferSettings.DEFAULTS);

        NetworkTimes first = network.sample(50, 7);

        assertThat(network.sample(50, 7).uploadMs()).containsExactly(first.uploadMs());
        assertThat(network.sample(50, 7).returnMs()).containsExactly(first.returnMs());
        assertThat(network.sample(50, 8).uploadMs()).isNotEqualTo(first.uploadMs());
    }

    @Test
    void sampledTimesMatchTheLinksTransferTimes() {
        RateLink varied = RateLink.of(new double[] {700, 1300, 900}, new double[] {100, 900, 40});
        NetworkTimes times = TraceNetwork.sharedLink("varied", varied, TransferSettings.DEFAULTS).replay(650, 4);

        for (int i = 0; i < 4; i++) {
            double startMs = 650 + i * 1000.0;
            assertThat(times.uploadMs()[i]).isCloseTo(20 + varied.transferMs(startMs, 20_000), within(1e-9));
            assertThat(times.returnMs()[i]).isCloseTo(20 + varied.transferMs(startMs + times.uploadMs()[i], 1000),
                    within(1e-9));
        }
    }
}
