import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.protocol.InferRequestBody;

/**
 * gRPC against REST binary, one client, closed loop, alternating request by request: a gRPC ModelInfer (raw FP32
 * contents, grpc-java's blocking stub) and a REST request with the binary tensor extension (binary output too) on a
 * kept-alive HTTP/1.1 socket written and read by hand as `mdi loadtest --binary` does, to the same model of one
 * running server, so that both meet the same machine at the same moments. Prints each one's round trip p50/p90/p99
 * and the server's own server_ms. docs/performance.md, "gRPC against REST", has the figures.
 *
 * <pre>
 * ./mdi serve --host 127.0.0.1 --port 8181 --grpc-port 8182 &
 * java -cp mdi-cli/target/mdi.jar tools/grpc/GrpcVsRest.java 8181 8182 linear 10000
 * </pre>
 */
public class GrpcVsRest {
    public static void main(String[] args) throws Exception {
        int restPort = Integer.parseInt(args[0]), grpcPort = Integer.parseInt(args[1]);
        String model = args[2];
        int n = Integer.parseInt(args[3]);
        float[] values = new float[784];
        for (int i = 0; i < values.length; i++) values[i] = (i % 255) / 255f;
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        ModelInferRequest grpcRequest = ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addAllShape(List.of(1L, 1L, 28L, 28L)))
                .addRawInputContents(ByteString.copyFrom(raw.array())).build();
        InferRequestBody body = InferRequestBody.builder().fp32Input("input", new long[] {1, 1, 28, 28}, values)
                .binaryData(true).binaryOutput("logits").build();
        byte[] head = ("POST /v2/models/" + model + "/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/octet-stream\r\nInference-Header-Content-Length: "
                + body.jsonLength().getAsInt() + "\r\nContent-Length: " + body.bytes().length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] restRequest = new byte[head.length + body.bytes().length];
        System.arraycopy(head, 0, restRequest, 0, head.length);
        System.arraycopy(body.bytes(), 0, restRequest, head.length, body.bytes().length);

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        Socket socket = new Socket("127.0.0.1", restPort);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        Histogram grpc = new Histogram(3), rest = new Histogram(3), grpcServer = new Histogram(3),
                restServer = new Histogram(3);
        // the first 2,000 of each warm both paths up, and are not counted
        for (int i = -2000; i < n; i++) {
            long t = System.nanoTime();
            var reply = stub.modelInfer(grpcRequest);
            long g = System.nanoTime() - t;
            t = System.nanoTime();
            out.write(restRequest);
            out.flush();
            String restReply = readReply(in, buffer);
            long r = System.nanoTime() - t;
            if (i >= 0) {
                grpc.recordValue(g / 1000);
                rest.recordValue(r / 1000);
                grpcServer.recordValue(Math.round(reply.getParametersOrThrow("server_ms").getDoubleParam() * 1000));
                int at = restReply.indexOf("\"server_ms\":") + 12;
                restServer.recordValue(Math.round(Double.parseDouble(restReply.substring(at,
                        restReply.indexOf(',', at) > 0 && restReply.indexOf(',', at) < restReply.indexOf('}', at)
                        ? restReply.indexOf(',', at) : restReply.indexOf('}', at))) * 1000));
            }
        }
        print("gRPC raw FP32  ", grpc, grpcServer);
        print("REST binary    ", rest, restServer);
        socket.close();
        channel.shutdownNow();
    }

    static void print(String what, Histogram rtt, Histogram server) {
        System.out.printf("%s n %d  round trip p50 %.3f p90 %.3f p99 %.3f ms   server_ms p50 %.3f p99 %.3f%n", what,
                rtt.getTotalCount(), rtt.getValueAtPercentile(50) / 1e3, rtt.getValueAtPercentile(90) / 1e3,
                rtt.getValueAtPercentile(99) / 1e3, server.getValueAtPercentile(50) / 1e3,
                server.getValueAtPercentile(99) / 1e3);
    }

    /** Reads one HTTP/1.1 reply with a Content-Length; returns its JSON header as text. */
    static String readReply(InputStream in, byte[] buffer) throws Exception {
        int filled = 0, headEnd = -1;
        while (headEnd < 0) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) throw new IllegalStateException("closed");
            filled += read;
            for (int i = 3; i < filled; i++) {
                if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n') {
                    headEnd = i + 1;
                    break;
                }
            }
        }
        String headText = new String(buffer, 0, headEnd, StandardCharsets.US_ASCII);
        if (!headText.startsWith("HTTP/1.1 200")) throw new IllegalStateException(headText);
        int length = 0, json = 0;
        for (String line : headText.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
            if (lower.startsWith("inference-header-content-length:")) {
                json = Integer.parseInt(line.substring(32).trim());
            }
        }
        while (filled - headEnd < length) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) throw new IllegalStateException("closed");
            filled += read;
        }
        return new String(buffer, headEnd, json, StandardCharsets.UTF_8);
    }
}
