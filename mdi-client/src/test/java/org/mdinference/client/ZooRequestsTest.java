package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.server.protocol.InferRequest;
import org.mdinference.server.protocol.InferRequestDecoder;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.protocol.InputTensor;
import org.mdinference.server.protocol.InputTensors;

/** The request bodies the client writes, read back by the real server's own decoder. */
class ZooRequestsTest {

    private static final InferRequestDecoder SERVER = new InferRequestDecoder(new ObjectMapper(),
            new InputTensors(ServerConfig.DEFAULT_MAX_TENSOR_ELEMENTS));

    private static InferRequest decoded(InferRequestBody body) {
        return SERVER.decode(body.bytes(), body.jsonLength());
    }

    @Test
    void anImageIsOneBinaryBytesElementAndTheParametersAreTheZoos() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
        InferRequestBody body = ZooRequests.encode(ClientInput.image(png), 80, 3.25, 1.5,
                new double[] {1.2, 1.5, 9.8}, Optional.of("greedy"), 0.9038);

        InferRequest request = decoded(body);

        assertThat(request.parameters()).containsEntry("sla_ms", 80.0).containsEntry("elapsed_ms", 3.25)
                .containsEntry("return_ms", 1.5).containsEntry("policy", "greedy")
                .containsEntry("min_accuracy", 0.9038).containsEntry("return_quantiles_ms", "1.2,1.5,9.8");
        assertThat(request.binaryOutputs()).isFalse();
        InputTensor.Bytes input = (InputTensor.Bytes) request.inputs().get(0);
        assertThat(input.shape()).containsExactly(1);
        assertThat(input.elements()).hasSize(1);
        assertThat(input.elements().get(0)).isEqualTo(png);
        assertThat(body.bytes()).hasSize(body.jsonLength().getAsInt()
                + ZooRequests.payloadBytes(ClientInput.image(png)));
    }

    @Test
    void aTensorIsLittleEndianFp32AndNoPolicyMeansTheServersOwn() {
        float[] values = {0f, 0.5f, 1f, -2.25f, Float.MIN_VALUE, 1e-7f};
        InferRequestBody body = ZooRequests.encode(ClientInput.tensor(values, 1, 1, 2, 3), 50, 0, 0,
                new double[0], Optional.<String>empty(), Double.NaN);

        InferRequest request = decoded(body);

        assertThat(request.parameters()).doesNotContainKeys("policy", "min_accuracy", "return_quantiles_ms")
                .containsEntry("sla_ms", 50.0);
        InputTensor.Floats input = (InputTensor.Floats) request.inputs().get(0);
        assertThat(input.shape()).containsExactly(1, 1, 2, 3);
        assertThat(input.values()).containsExactly(values);
        assertThat(body.bytes().length - body.jsonLength().getAsInt()).isEqualTo(4 * values.length);
    }

    @Test
    void aDeviceAccuracyTheProtocolWouldRefuseIsRefusedOnceWhenTheSenderIsMade() {
        assertThatThrownBy(() -> new CloudSender(Optional.empty(), new CloudAccess(Optional.empty(), Optional.empty()),
                HttpUrl.get("http://127.0.0.1:1/"),
                HttpUrl.get("http://127.0.0.1:1/v2/health/ready"), System::nanoTime, 0, 90.4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the device model's accuracy is a top-1 in [0, 1], or NaN when unknown; got 90.4");
        assertThatThrownBy(() -> ZooRequests.encode(ClientInput.image(new byte[] {1}), 50, 0, 0,
                new double[0], Optional.<String>empty(), 90.4)).hasMessageContaining("min_accuracy is a top-1 accuracy in [0, 1]");
    }
}
