package org.mdinference.server.grpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.server.protocol.DecoderOracle;

/**
 * Fuzzes the gRPC binding's requests as the server meets them: a message's bytes, parsed by protobuf as grpc-java's
 * marshaller does, then turned into the service's request by {@link GrpcRequests}, with {@link DecoderOracle}'s
 * oracle. Bytes that are no {@code ModelInferRequest} never reach the service (grpc-java answers them INTERNAL).
 * Every build replays the committed seeds (src/test/resources, GrpcRequestFuzzTestInputs: requests as the SDK's
 * gRPC transport writes them); {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md, "Fuzzed decoders").
 */
class GrpcRequestFuzzTest {

    private static final GrpcRequests REQUESTS = new GrpcRequests(DecoderOracle.TENSORS);

    @FuzzTest
    void modelInferRequest(byte[] message) {
        ModelInferRequest request;
        try {
            request = ModelInferRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException refusedByGrpc) {
            return;
        }
        DecoderOracle.decodes(() -> REQUESTS.decode(request));
    }
}
