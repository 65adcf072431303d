package org.mdinference.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The one builder of inference requests, byte for byte (the server's own decoder reads them in mdi-server's tests). */
class InferRequestBodyTest {

    private static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Test
    void aJsonRequestCarriesItsParametersInputAndData() {
        InferRequestBody body = InferRequestBody.builder()
                .parameters(RequestParameters.of(80).withElapsedMs(3.25).withPolicy("greedy"))
                .fp32Input("input", new long[] {1, 3}, new float[] {0.5f, -1f, 2e-3f}).build();
        assertThat(text(body.bytes(), body.bytes().length)).isEqualTo("{\"parameters\":{\"sla_ms\":80.0,"
                + "\"elapsed_ms\":3.25,\"policy\":\"greedy\"},\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],"
                + "\"datatype\":\"FP32\",\"data\":[0.5,-1.0,0.002]}]}");
        assertThat(body.jsonLength()).isEmpty();
        assertThat(body.contentType()).isEqualTo("application/json");
    }

    @Test
    void aBinaryRequestIsAJsonHeaderThenLittleEndianData() {
        InferRequestBody body = InferRequestBody.builder().fp32Input("x", new long[] {2}, new float[] {1.5f, -2f})
                .binaryData(true).binaryOutput("logits").build();
        int length = body.jsonLength().getAsInt();
        assertThat(text(body.bytes(), length)).isEqualTo("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],"
                + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":8}}],\"outputs\":[{\"name\":\"logits\","
                + "\"parameters\":{\"binary_data\":true}}]}");
        ByteBuffer data = ByteBuffer.wrap(body.bytes(), length, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat()).isEqualTo(1.5f);
        assertThat(data.getFloat()).isEqualTo(-2f);
        assertThat(body.bytes()).hasSize(length + 8);
        assertThat(body.contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void bytesElementsAreBase64InJsonAndLengthPrefixedInBinary() {
        byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
        InferRequestBody json = InferRequestBody.builder()
                .bytesInput("img", new long[] {1}, Collections.singletonList(hi)).build();
        assertThat(text(json.bytes(), json.bytes().length)).contains("\"datatype\":\"BYTES\",\"data\":[\"aGk=\"]");
        InferRequestBody binary = InferRequestBody.builder()
                .bytesInput("img", new long[] {1}, Collections.singletonList(hi)).binaryData(true).build();
        int length = binary.jsonLength().getAsInt();
        assertThat(text(binary.bytes(), length)).contains("\"binary_data_size\":6");
        assertThat(Arrays.copyOfRange(binary.bytes(), length, length + 6)).containsExactly(2, 0, 0, 0, 'h', 'i');
    }

    @Test
    void aRewritableElapsedChangesInPlace() {
        InferRequestBody body = InferRequestBody.builder().parameters(RequestParameters.of(30).withElapsedMs(5))
                .fp32Input("x", new long[] {1}, new float[] {1f}).binaryData(true).rewritableElapsed().build();
        assertThat(text(body.bytes(), body.jsonLength().getAsInt()))
                .startsWith("{\"parameters\":{\"sla_ms\":30.0,\"elapsed_ms\":       5.000}");
        InferRequestBody late = body.withElapsedMs(17.25);
        assertThat(text(late.bytes(), late.jsonLength().getAsInt()))
                .startsWith("{\"parameters\":{\"sla_ms\":30.0,\"elapsed_ms\":      17.250}");
        assertThat(late.bytes()).hasSize(body.bytes().length);
        assertThat(text(body.bytes(), body.jsonLength().getAsInt())).contains("5.000");
        assertThatThrownBy(() -> body.withElapsedMs(1e9)).hasMessageContaining("does not fit in 12 characters");
        InferRequestBody fixed = InferRequestBody.builder().fp32Input("x", new long[] {1}, new float[] {1f}).build();
        assertThatThrownBy(() -> fixed.withElapsedMs(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongInputIsRefusedAtOnce() {
        assertThatThrownBy(() -> InferRequestBody.builder().fp32Input("x", new long[] {2, 2}, new float[3]))
                .hasMessage("input x has shape [2, 2] of 4 elements, but 3 were given");
        assertThatThrownBy(() -> InferRequestBody.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
