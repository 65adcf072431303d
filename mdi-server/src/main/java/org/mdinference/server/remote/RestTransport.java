package org.mdinference.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.mdinference.onnx.ModelEndpoint;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.OipNames;
import org.mdinference.protocol.RequestParameters;

/**
 * A remote model over the Open Inference Protocol's REST API (OkHttp, kept-alive connections): requests with the
 * binary tensor extension, which mdinference and Triton read; replies read whether their outputs come as binary
 * data or as JSON.
 */
public final class RestTransport implements MemberTransport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final ModelEndpoint endpoint;
    private final OkHttpClient http;
    private final String modelUrl;

    /**
     * @param http a client whose connection pool and threads this transport shares; it is not closed here. Its
     *             connections to this endpoint must all be this transport's: they are opened with {@code
     *             TCP_NODELAY}, and a pooled one opened by another client without it would stall large batches
     */
    public RestTransport(ModelEndpoint endpoint, OkHttpClient http) {
        if (endpoint.transport() != ModelEndpoint.Transport.REST) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not an http(s) one");
        }
        this.endpoint = endpoint;
        this.http = http.newBuilder().connectTimeout(CONNECT_TIMEOUT).readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO).retryOnConnectionFailure(false)
                .socketFactory(new NoDelaySocketFactory()).build();
        this.modelUrl = endpoint.server() + "/v2/models/" + endpoint.model()
                + endpoint.version().map(v -> "/versions/" + v).orElse("");
    }

    @Override
    public ModelEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String serverName(Duration timeout) throws RemoteCallException {
        return getJson(endpoint.server() + "/v2", timeout).path("name").asText("");
    }

    @Override
    public RemoteMetadata metadata(Duration timeout) throws RemoteCallException {
        JsonNode model = getJson(modelUrl, timeout);
        return new RemoteMetadata(model.path("name").asText(endpoint.model()), tensors(model.path("inputs")),
                tensors(model.path("outputs")));
    }

    private static List<RemoteMetadata.Tensor> tensors(JsonNode array) {
        List<RemoteMetadata.Tensor> tensors = new ArrayList<>();
        for (JsonNode tensor : array) {
            List<Long> shape = new ArrayList<>();
            tensor.path("shape").forEach(dim -> shape.add(dim.asLong()));
            tensors.add(new RemoteMetadata.Tensor(tensor.path("name").asText(), tensor.path("datatype").asText(),
                    shape));
        }
        return tensors;
    }

    @Override
    public boolean ready(Duration timeout) {
        try (Response response = execute(new Request.Builder().url(modelUrl + "/ready").build(), timeout.toNanos())) {
            return response.code() == 200;
        } catch (RemoteCallException e) {
            return false;
        }
    }

    @Override
    public RemoteReply infer(RemoteCall call) throws RemoteCallException {
        InferRequestBody.Builder builder = InferRequestBody.builder()
                .fp32Input(call.inputName(), call.shape(), call.values()).binaryData(true)
                .binaryOutput(call.outputName());
        call.budgetMs().ifPresent(ms -> builder.parameters(RequestParameters.of(ms)));
        InferRequestBody body = builder.build();
        Request.Builder request = new Request.Builder().url(modelUrl + "/infer")
                .post(RequestBody.create(body.bytes(), MediaType.get(body.contentType())));
        body.jsonLength().ifPresent(length -> request.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH,
                Integer.toString(length)));
        try (Response response = execute(request.build(), call.timeoutNanos())) {
            byte[] bytes = response.body().bytes();
            if (response.code() != 200) {
                throw refusal(response.code(), bytes);
            }
            String headerLength = response.header(OipNames.INFERENCE_HEADER_CONTENT_LENGTH);
            return reply(bytes, headerLength == null ? bytes.length : Integer.parseInt(headerLength.strip()),
                    call.outputName());
        } catch (IOException | RuntimeException e) {
            throw new RemoteCallException(RemoteCallException.Kind.FAILED, endpoint + " sent a reply that is no"
                    + " answer: " + e.getMessage(), e);
        }
    }

    private RemoteCallException refusal(int status, byte[] body) {
        String error;
        try {
            error = JSON.readTree(body).path("error").asText(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            error = new String(body, StandardCharsets.UTF_8);
        }
        String message = endpoint + " answered " + status + ": " + error;
        RemoteCallException.Kind kind = status == 504 ? RemoteCallException.Kind.LATE
                : status >= 500 ? RemoteCallException.Kind.FAILED : RemoteCallException.Kind.REFUSED;
        return new RemoteCallException(kind, message);
    }

    /** The output asked for, from a reply whose JSON header is the first {@code jsonLength} bytes. */
    private RemoteReply reply(byte[] bytes, int jsonLength, String outputName) throws IOException,
            RemoteCallException {
        JsonNode header = JSON.readTree(bytes, 0, jsonLength);
        int binaryAt = jsonLength;
        for (JsonNode output : header.path("outputs")) {
            JsonNode size = output.path("parameters").path(OipNames.BINARY_DATA_SIZE);
            if (!output.path("name").asText().equals(outputName)) {
                binaryAt += size.asInt(0);
                continue;
            }
            if (!output.path("datatype").asText().equals("FP32")) {
                throw new RemoteCallException(RemoteCallException.Kind.REFUSED, endpoint + " returned output "
                        + outputName + " as " + output.path("datatype").asText() + ", not FP32");
            }
            long[] shape = new long[output.path("shape").size()];
            for (int axis = 0; axis < shape.length; axis++) {
                shape[axis] = output.path("shape").get(axis).asLong();
            }
            float[] values = size.isMissingNode() ? jsonData(output.path("data"))
                    : binaryData(bytes, binaryAt, size.asInt());
            JsonNode parameters = header.path("parameters");
            return new RemoteReply(shape, values, number(parameters, OipNames.QUEUE_MS),
                    number(parameters, OipNames.INFERENCE_MS));
        }
        throw new RemoteCallException(RemoteCallException.Kind.REFUSED, endpoint + " returned no output named "
                + outputName);
    }

    private static float[] jsonData(JsonNode data) {
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data.get(i).asDouble();
        }
        return values;
    }

    private static float[] binaryData(byte[] bytes, int at, int size) {
        if (size % Float.BYTES != 0 || at + size > bytes.length) {
            throw new IllegalArgumentException("binary output of " + size + " bytes at " + at + " in a reply of "
                    + bytes.length);
        }
        float[] values = new float[size / Float.BYTES];
        ByteBuffer.wrap(bytes, at, size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static OptionalDouble number(JsonNode parameters, String name) {
        JsonNode value = parameters.path(name);
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
    }

    private JsonNode getJson(String url, Duration timeout) throws RemoteCallException {
        try (Response response = execute(new Request.Builder().url(url).build(), timeout.toNanos())) {
            byte[] bytes = response.body().bytes();
            if (response.code() != 200) {
                throw refusal(response.code(), bytes);
            }
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RemoteCallException(RemoteCallException.Kind.FAILED, url + " sent no JSON: " + e.getMessage(),
                    e);
        }
    }

    /** The call's response, whatever its status; a call that gets none says why in its kind. */
    private Response execute(Request request, long timeoutNanos) throws RemoteCallException {
        if (timeoutNanos <= 0) {
            throw new RemoteCallException(RemoteCallException.Kind.TIMED_OUT, "no time left to call " + endpoint);
        }
        Call call = http.newCall(request);
        if (timeoutNanos != Long.MAX_VALUE) {
            call.timeout().timeout(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        try {
            return call.execute();
        } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
            throw new RemoteCallException(RemoteCallException.Kind.UNREACHABLE, "cannot reach " + endpoint + ": "
                    + e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new RemoteCallException(RemoteCallException.Kind.TIMED_OUT, endpoint + " did not answer within "
                    + Math.round(timeoutNanos / 1e6) + " ms", e);
        } catch (IOException e) {
            throw new RemoteCallException(RemoteCallException.Kind.FAILED, "the call to " + endpoint + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // the shared client's connections idle out; nothing of this endpoint's own to release
    }
}
