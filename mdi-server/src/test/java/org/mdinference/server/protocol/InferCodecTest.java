package org.mdinference.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The streaming decoder of requests and the encoder of replies, on exact inputs. */
class InferCodecTest {

    private final InferCodec codec = new InferCodec(new ObjectMapper());

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
    void repliesEncodeAsJsonOrAsAHeaderAndRawLittleEndianFloats() {
        InferResponse response = new InferResponse("m", Optional.of("r"), Map.of("model", "m"),
                List.of(new InferResponse.Output("logits", new long[] {1, 2}, new float[] {0.5f, -1f})));
        EncodedReply json = codec.encode(response, false);
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{\"model_name\":\"m\",\"id\":\"r\","
                + "\"parameters\":{\"model\":\"m\"},\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\","
                + "\"shape\":[1,2],\"data\":[0.5,-1.0]}]}");
        assertThat(json.contentType()).isEqualTo("application/json");
        EncodedReply binary = codec.encode(response, true);
        int length = binary.jsonLength().orElseThrow();
        assertThat(new String(binary.body(), 0, length, StandardCharsets.UTF_8))
                .contains("\"parameters\":{\"binary_data_size\":8}").doesNotContain("\"data\"");
        ByteBuffer tail = ByteBuffer.wrap(binary.body(), length, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(tail.getFloat()).isEqualTo(0.5f);
        assertThat(tail.getFloat()).isEqualTo(-1f);
        assertThat(binary.contentType()).isEqualTo("application/octet-stream");
    }
}
