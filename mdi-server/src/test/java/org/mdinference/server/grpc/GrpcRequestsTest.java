package org.mdinference.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.server.protocol.InputTensors;
import org.mdinference.server.protocol.OipException;

/** The tensor limit over gRPC: the same refusal as REST's, for raw and typed contents alike. */
class GrpcRequestsTest {

    private final GrpcRequests requests = new GrpcRequests(new InputTensors(4));

    @Test
    void aShapeBeyondTheLimitIsRefusedWhicheverWayItsDataCome() {
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("x").setDatatype("FP32").addShape(1).addShape(4);
        ModelInferRequest raw = ModelInferRequest.newBuilder().setModelName("m").addInputs(input)
                .addRawInputContents(ByteString.copyFrom(new byte[16])).build();
        assertThat(requests.decode(raw).inputs()).hasSize(1);
        ModelInferRequest rawTooLarge = raw.toBuilder().setInputs(0, input.clone().setShape(1, 5))
                .setRawInputContents(0, ByteString.copyFrom(new byte[20])).build();
        ModelInferRequest typedTooLarge = ModelInferRequest.newBuilder().setModelName("m")
                .addInputs(input.clone().setShape(1, 5).setContents(InferTensorContents.newBuilder()
                        .addFp32Contents(1).addFp32Contents(2).addFp32Contents(3).addFp32Contents(4)
                        .addFp32Contents(5)))
                .build();
        for (ModelInferRequest tooLarge : new ModelInferRequest[] {rawTooLarge, typedTooLarge}) {
            assertThatThrownBy(() -> requests.decode(tooLarge)).isInstanceOf(OipException.class)
                    .hasMessage("input x is too large: its shape holds 5 elements, and this server takes at most 4"
                            + " (--max-tensor-elements)");
        }
    }
}
