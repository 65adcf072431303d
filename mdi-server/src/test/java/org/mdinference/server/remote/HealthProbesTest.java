package org.mdinference.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.ModelSource;
import org.mdinference.onnx.TensorSpec;

class HealthProbesTest {

    /** Models one hung server serves: enough that probing them one after the other takes seconds a round. */
    private static final int MODELS = 12;

    /**
     * A server that accepts connections (the kernel completes them) but answers nothing: each readiness probe of it
     * waits its whole timeout. Probed one after the other, each round of its twelve models took 12 x 300 ms: the
     * first of them left the choices after 4.4 s, the last after 7.7 s, and every other replica waited as long for
     * its probe. Each replica's probe must wait only for its own answer: all of them leave within two rounds of the
     * interval and the timeout (1.1 s; 3 s allowed for a busy machine), at about the same time.
     */
    @Test
    void everyModelOfAHungServerLeavesTheChoicesWithinTwoRoundsOfItsOwnProbe() throws Exception {
        Map<String, Long> left = new ConcurrentHashMap<>();
        OkHttpClient http = new OkHttpClient();
        try (ServerSocket hung = new ServerSocket(0, MODELS * 4, InetAddress.getLoopbackAddress());
             HealthProbes probes = new HealthProbes()) {
            List<Replica> replicas = new ArrayList<>();
            List<RemoteMember> members = new ArrayList<>();
            List<MemberContract> contracts = new ArrayList<>();
            for (int i = 0; i < MODELS; i++) {
                String model = "model" + i;
                ModelEndpoint endpoint = ModelEndpoint.parse("http://127.0.0.1:" + hung.getLocalPort() + "/v2/models/"
                        + model);
                Replica replica = Replica.verified(model, new RestTransport(endpoint, http), true, 1.0,
                        line -> left.putIfAbsent(model, System.nanoTime()));
                replicas.add(replica);
                members.add(new RemoteMember(model, "input", input(model), "output", List.of(replica)));
                contracts.add(new MemberContract(new ModelEntry(model, new ModelSource.Remote(List.of(endpoint)), 0.9,
                        false, new TensorSpec("input", List.of(-1L, 4L), "FP32"),
                        new TensorSpec("output", List.of(-1L, 2L), "FP32"), Optional.empty())));
            }
            // the first call loads and links the client's classes, which take as long again as a probe
            assertThat(replicas.get(0).transport().ready(HealthProbes.TIMEOUT)).isFalse();
            long start = System.nanoTime();
            for (int i = 0; i < MODELS; i++) {
                probes.watch(members.get(i), contracts.get(i), input(members.get(i).name()));
            }
            while (left.size() < MODELS && System.nanoTime() - start < 10_000_000_000L) {
                Thread.sleep(20);
            }
            assertThat(replicas).noneMatch(Replica::inRotation);
            LongSummaryStatistics ms = left.values().stream().mapToLong(at -> (at - start) / 1_000_000)
                    .summaryStatistics();
            assertThat(ms.getMax()).as("ms from the hang until the last model left the choices").isLessThan(3_000);
            assertThat(ms.getMax() - ms.getMin()).as("ms between the first and the last").isLessThan(1_000);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static InputShape input(String model) {
        return new InputShape(model, List.of(-1L, 4L));
    }
}
