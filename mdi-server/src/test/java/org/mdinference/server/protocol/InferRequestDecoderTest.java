package org.mdinference.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.RequestParameters;
import org.mdinference.server.ServerConfig;

/** The streaming decoder of requests, JSON and binary tensors, on exact inputs. */
class InferRequestDecoderTest {

    private final InferRequestDecoder codec = new InferRequestDecoder(new ObjectMapper(),
            new InputTensors(ServerConfig.DEFAULT_MAX_TENSOR_ELEMENTS));

    private InferRequest decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), OptionalInt.empty());
    }

    @Test
    void nestedAndFlatDataDecodeToTheSameRowMajorValues() {
        String fields = "\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\"";
        InferRequest nested = decode("{\"id\":\"a\",\"inputs\":[{" + fields + ",\"data\":[[1,2.5,-3e-2],[4,5,6]]}],"
                + "\"parameters\":{\"sla_ms\":30,\"policy\":\"greedy\"},\"ignored\":{\"deep\":[1,[2]]}}");
        InferRequest flat = decode("{\"inputs\":[{\"data\":[1,2.5,-0.03,4,5,6]," + fields + "}]}");
        float[] expected = {1f, 2.5f, -0.03f, 4f, 5f, 6f};
        assertThat(((InputTensor.Floats) nested.inputs().get(0)).values()).containsExactly(expected);
        assertThat(((InputTensor.Floats) flat.inputs().get(0)).values()).containsExactly(expected);
        assertThat(nested.id()).hasValue("a");
        assertThat(nested.parameters()).isEqualTo(Map.of("sla_ms", 30, "policy", "greedy"));
        assertThat(flat.id()).isEmpty();
        assertThat(nested.binaryOutputs()).isFalse();
    }

    @Test
    void bytesElementsAreBase64InJsonAndLengthPrefixedInBinary() {
        InferRequest json = decode("{\"inputs\":[{\"name\":\"img\",\"shape\":[2],\"datatype\":\"BYTES\","
                + "\"data\":[\"aGk=\",\"\"]}],\"parameters\":{\"binary_data_output\":true}}");
        List<byte[]> elements = ((InputTensor.Bytes) json.inputs().get(0)).elements();
        assertThat(elements).hasSize(2);
        assertThat(new String(elements.get(0), StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(elements.get(1)).isEmpty();
        assertThat(json.binaryOutputs()).isTrue();

        byte[] header = ("{\"inputs\":[{\"name\":\"img\",\"shape\":[1],\"datatype\":\"BYTES\","
                + "\"parameters\":{\"binary_data_size\":6}}]}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + 6).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header).putInt(2).put((byte) 'h').put((byte) 'i');
        InferRequest binary = codec.decode(body.array(), OptionalInt.of(header.length));
        assertThat(new String(((InputTensor.Bytes) binary.inputs().get(0)).elements().get(0),
                StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void everyMalformedRequestIsABadRequestNamingTheFault() {
        String fp32 = "{\"inputs\":[{\"name\":\"x\",\"shape\":[3],\"datatype\":\"FP32\",\"data\":";
        expectBadRequest(fp32 + "[1,2]}]}", "shape of 3 elements, but its data holds 2");
        expectBadRequest(fp32 + "[1,2,3,4]}]}", "holds 4");
        expectBadRequest(fp32 + "[1,\"2\",3]}]}", "is FP32, but its data holds \"2\"");
        expectBadRequest(fp32 + "[1,true,3]}]}", "is FP32, but its data holds true");
        expectBadRequest(fp32 + "[1,{\"a\":1},3]}]}", "holds {\"a\":1}");
        expectBadRequest(fp32 + "[1,2,3", "malformed JSON");
        expectBadRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[7]}]}",
                "base64 strings, but it holds 7");
        expectBadRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"!!\"]}]}",
                "not base64");
        expectBadRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\"}]}",
                "needs a 'data' array or binary_data_size");
        expectBadRequest("{\"inputs\":[{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}", "string 'name'");
        expectBadRequest("{\"inputs\":[{\"name\":\"x\",\"shape\":[-1],\"datatype\":\"FP32\",\"data\":[1]}]}",
                "non-negative integer");
        expectBadRequest("{\"inputs\":[7]}", "each input must be a JSON object");
        expectBadRequest("{\"inputs\":{}}", "non-empty 'inputs' array");
        expectBadRequest("{}", "non-empty 'inputs' array");
        expectBadRequest("", "empty");
        expectBadRequest("[]", "must be a JSON object");
    }

    private void expectBadRequest(String body, String message) {
        assertThatThrownBy(() -> decode(body)).isInstanceOf(OipException.class)
                .hasMessageContaining(message).extracting(e -> ((OipException) e).status()).isEqualTo(400);
    }

    @Test
    void aShapeBeyondTheLimitIsRefusedBeforeItsDataAreRead() {
        InferRequestDecoder small = new InferRequestDecoder(new ObjectMapper(), new InputTensors(6));
        String fits = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6]}]}";
        assertThat(small.decode(fits.getBytes(StandardCharsets.UTF_8), OptionalInt.empty()).inputs()).hasSize(1);
        assertThatThrownBy(() -> small.decode(fits.replace("[2,3]", "[7]").getBytes(StandardCharsets.UTF_8),
                OptionalInt.empty())).isInstanceOf(OipException.class).hasMessage("input x is too large: its shape"
                        + " holds 7 elements, and this server takes at most 6 (--max-tensor-elements)");
        assertThatThrownBy(() -> decode(fits.replace("[2,3]", "[4294967296,4294967296]")))
                .hasMessageContaining("holds 18446744073709551616 elements, and this server takes at most 8388608");
    }

    @Test
    void aFewBytesDeclaringManyImagesAllocateNothingForThem() {
        byte[] header = ("{\"inputs\":[{\"name\":\"img\",\"shape\":[" + ServerConfig.DEFAULT_MAX_TENSOR_ELEMENTS
                + "],\"datatype\":\"BYTES\",\"parameters\":{\"binary_data_size\":4}}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(header, header.length + 4);
        // with the list sized by the shape, each such request would take 32 MB (a reference per declared image)
        long before = allocatedBytes();
        assertThatThrownBy(() -> codec.decode(body, OptionalInt.of(header.length)))
                .hasMessageContaining("ends before its element 1's length");
        assertThat(allocatedBytes() - before).isLessThan(1 << 20);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Test
    void binaryDataMustBeClaimedExactly() {
        byte[] header = ("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":8}}]}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header).putFloat(1.5f).putFloat(-2f).putFloat(9f);
        assertThatThrownBy(() -> codec.decode(body.array(), OptionalInt.of(header.length)))
                .hasMessageContaining("4 bytes of binary data that no input claims");
        InferRequest exact = codec.decode(java.util.Arrays.copyOf(body.array(), header.length + 8),
                OptionalInt.of(header.length));
        assertThat(((InputTensor.Floats) exact.inputs().get(0)).values()).containsExactly(1.5f, -2f);
        assertThatThrownBy(() -> codec.decode(body.array(), OptionalInt.of(body.capacity() + 1)))
                .hasMessageContaining("but the body has");
    }

    @Test
    void readsEveryBodyTheProtocolsBuilderWrites() {
        float[] values = {0f, 0.5f, -2.25f, Float.MIN_VALUE, 1e-7f, 3f};
        long[] shape = {1, 1, 2, 3};
        RequestParameters zoo = RequestParameters.of(80).withElapsedMs(3.25).withReturnMs(1.5).withPolicy("greedy")
                .withMinAccuracy(0.9038).withReturnQuantilesMs(20, 21.5, 83, 544);
        for (boolean binary : new boolean[] {false, true}) {
            InferRequestBody body = InferRequestBody.builder().parameters(zoo).fp32Input("input", shape, values)
                    .binaryData(binary).binaryOutput("logits").rewritableElapsed().build().withElapsedMs(4.5);
            InferRequest request = codec.decode(body.bytes(), body.jsonLength());
            assertThat(RequestParameters.read(request.parameters())).isEqualTo(zoo.withElapsedMs(4.5));
            assertThat(((InputTensor.Floats) request.inputs().get(0)).values()).containsExactly(values);
            assertThat(request.inputs().get(0).shape()).containsExactly(shape);
            assertThat(request.binaryOutputs()).isTrue();

            byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
            InferRequestBody image = InferRequestBody.builder().bytesInput("input", new long[] {1}, List.of(png))
                    .binaryData(binary).build();
            InferRequest decoded = codec.decode(image.bytes(), image.jsonLength());
            assertThat(decoded.parameters()).isEmpty();
            assertThat(((InputTensor.Bytes) decoded.inputs().get(0)).elements()).containsExactly(png);
            assertThat(decoded.binaryOutputs()).isFalse();
        }
    }
}
