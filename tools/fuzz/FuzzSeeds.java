import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.mdinference.grpc.InferParameter;
import org.mdinference.grpc.InferTensorContents;
import org.mdinference.grpc.ModelInferRequest;
import org.mdinference.onnx.IdxDataset;
import org.mdinference.onnx.Pixels;
import org.mdinference.protocol.InferRequestBody;
import org.mdinference.protocol.RequestParameters;

/**
 * Writes the fuzz tests' seed corpora (src/test/resources, Jazzer's layout: TestClassInputs/method/file): real
 * requests as this project's senders write them (InferRequestBody: the SDK, the load generator, the warm-up; gRPC
 * requests as the remote-member transport and other clients write them), the committed test split's images as PNG
 * and JPEG, images of the other kinds javax.imageio reads, decompression bombs, and a few malformed inputs. Each
 * build replays them; a fuzzing run starts from them. Rerun after a change of the wire format, from the repository
 * root, and commit what changed:
 *
 * <pre>
 * mvn -o -q -pl mdi-cli -am package -DskipTests
 * java -cp mdi-cli/target/mdi.jar tools/fuzz/FuzzSeeds.java
 * </pre>
 */
public class FuzzSeeds {

    static final Path SERVER = Path.of("mdi-server/src/test/resources/org/mdinference/server");
    static final Path REST = SERVER.resolve("protocol/InferRequestFuzzTestInputs");
    static final Path GRPC = SERVER.resolve("grpc/GrpcRequestFuzzTestInputs/modelInferRequest");
    static final Path IMAGES = Path.of("mdi-onnx/src/test/resources/org/mdinference/onnx/ImageFuzzTestInputs/image");
    static final long[] ONE_IMAGE = {1, 1, 28, 28};

    public static void main(String[] args) throws IOException {
        IdxDataset split = IdxDataset.testSplit(Path.of("data/fashion-mnist"));
        byte[] png = split.png(0);
        byte[] jpeg = jpeg(gray(split.image(0)), false);
        float[] tensor = tensor(split.image(0));
        RequestParameters zoo = RequestParameters.of(80).withElapsedMs(3.25).withReturnMs(1.5).withPolicy("greedy")
                .withMinAccuracy(0.82);

        images(png, jpeg);
        for (boolean binary : new boolean[] {false, true}) {
            Path dir = REST.resolve(binary ? "binaryBody" : "jsonBody");
            String kind = binary ? "binary" : "json";
            rest(dir, kind + "-member-fp32", InferRequestBody.builder().fp32Input("input", ONE_IMAGE, tensor)
                    .binaryData(binary).build());
            rest(dir, kind + "-zoo-fp32", InferRequestBody.builder().parameters(zoo).fp32Input("input", ONE_IMAGE,
                    tensor).binaryData(binary).binaryOutput("logits").rewritableElapsed().build().withElapsedMs(4.5));
            rest(dir, kind + "-zoo-png", InferRequestBody.builder().parameters(RequestParameters.of(50))
                    .bytesInput("input", new long[] {1}, List.of(png)).binaryData(binary).build());
            rest(dir, kind + "-member-png-jpeg", InferRequestBody.builder().bytesInput("input", new long[] {2},
                    List.of(png, jpeg)).binaryData(binary).build());
        }
        Path json = REST.resolve("jsonBody");
        text(json.resolve("nested-data-and-outputs"), "{\"id\":\"7\",\"parameters\":{\"sla_ms\":300},\"inputs\":"
                + "[{\"name\":\"input\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"data\":[[" + nested(tensor)
                + "]]}],\"outputs\":[{\"name\":\"logits\",\"parameters\":{\"binary_data\":true}}]}");
        text(json.resolve("malformed-unclosed"), "{\"inputs\": [ {");
        text(json.resolve("malformed-strings-in-fp32"), "{\"inputs\":[{\"name\":\"input\",\"shape\":[2],"
                + "\"datatype\":\"FP32\",\"data\":[\"x\",{\"a\":1}]}]}");
        text(json.resolve("malformed-shape"), "{\"inputs\":[{\"name\":\"input\",\"shape\":[-1,9223372036854775807],"
                + "\"datatype\":\"BYTES\",\"data\":[\"iVBORw0KGgo=\"]}]}");
        parameters();
        grpc(png, jpeg, tensor);
    }

    /** The image's pixels, pixel / 255, as the committed zoo's models take them. */
    static float[] tensor(Pixels image) {
        float[] values = new float[28 * 28];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (image.get(i / 28, i % 28, 0) / 255.0);
        }
        return values;
    }

    static String nested(float[] values) {
        StringBuilder rows = new StringBuilder();
        for (int y = 0; y < 28; y++) {
            rows.append(y == 0 ? "" : ",").append(Arrays.toString(Arrays.copyOfRange(values, 28 * y, 28 * y + 28)));
        }
        return rows.toString();
    }

    static BufferedImage gray(Pixels image) {
        BufferedImage gray = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                gray.getRaster().setSample(x, y, 0, (int) image.get(y, x, 0));
            }
        }
        return gray;
    }

    static BufferedImage colours(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0x80000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8 | (x ^ y) & 0xff);
            }
        }
        return image;
    }

    static void images(byte[] png, byte[] jpeg) throws IOException {
        write(IMAGES.resolve("fashion-0.png"), png);
        write(IMAGES.resolve("fashion-0.jpg"), jpeg);
        write(IMAGES.resolve("rgb-40x30.png"), encode(colours(40, 30, BufferedImage.TYPE_INT_RGB), "png"));
        write(IMAGES.resolve("argb-20x10.png"), encode(colours(20, 10, BufferedImage.TYPE_INT_ARGB), "png"));
        write(IMAGES.resolve("indexed-16x16.png"), encode(colours(16, 16, BufferedImage.TYPE_BYTE_INDEXED), "png"));
        BufferedImage deep = new BufferedImage(12, 9, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < 12 * 9; i++) {
            deep.getRaster().setSample(i % 12, i / 12, 0, i * 600);
        }
        write(IMAGES.resolve("gray16-12x9.png"), encode(deep, "png"));
        write(IMAGES.resolve("rgb-64x48.jpg"), jpeg(colours(64, 48, BufferedImage.TYPE_INT_RGB), false));
        write(IMAGES.resolve("rgb-64x48-progressive.jpg"), jpeg(colours(64, 48, BufferedImage.TYPE_INT_RGB), true));
        write(IMAGES.resolve("rgb-32x32.gif"), encode(colours(32, 32, BufferedImage.TYPE_INT_RGB), "gif"));
        write(IMAGES.resolve("rgb-30x20.bmp"), encode(colours(30, 20, BufferedImage.TYPE_INT_RGB), "bmp"));
        write(IMAGES.resolve("rgb-30x20.tiff"), encode(colours(30, 20, BufferedImage.TYPE_INT_RGB), "tiff"));
        write(IMAGES.resolve("bomb-50000x50000.png"), bombPng(50_000, 50_000));
        write(IMAGES.resolve("bomb-50000x50000.jpg"), bombJpeg(jpeg, 50_000, 50_000));
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("ImageIO writes no " + format);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** As mdi-onnx's test ImageBombs writes one: the header of a huge grey PNG, and 1 MB of its rows, deflated. */
    static byte[] bombPng(int width, int height) throws IOException {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (var deflate = new java.util.zip.DeflaterOutputStream(rows)) {
            deflate.write(new byte[1 << 20]);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).array());
        chunk(png, "IDAT", rows.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A real JPEG whose frame header (SOF0) then declares another size. */
    static byte[] bombJpeg(byte[] jpeg, int width, int height) {
        byte[] bomb = jpeg.clone();
        for (int i = 2; i + 8 < bomb.length; i++) {
            if (bomb[i] == (byte) 0xff && bomb[i + 1] == (byte) 0xc0) {
                ByteBuffer.wrap(bomb, i + 5, 4).putShort((short) height).putShort((short) width);
                return bomb;
            }
        }
        throw new IllegalStateException("no SOF0 frame header");
    }

    /** The binary extension's seeds hold the header's value first, as InferRequestFuzzTest.binaryBody reads it. */
    static void rest(Path dir, String name, InferRequestBody body) throws IOException {
        if (dir.endsWith("binaryBody")) {
            ByteBuffer seed = ByteBuffer.allocate(4 + body.bytes().length);
            seed.putInt(body.jsonLength().orElse(body.bytes().length)).put(body.bytes());
            write(dir.resolve(name), seed.array());
        } else {
            write(dir.resolve(name), body.bytes());
        }
    }

    static void parameters() throws IOException {
        Path dir = REST.resolve("zooParameters");
        text(dir.resolve("all"), "{\"sla_ms\":80,\"elapsed_ms\":3.25,\"return_ms\":1.5,\"policy\":\"greedy\","
                + "\"min_accuracy\":0.82}");
        text(dir.resolve("sla-only"), "{\"sla_ms\":50}");
        text(dir.resolve("integers-and-null"), "{\"sla_ms\":12345678901234567890,\"elapsed_ms\":7,"
                + "\"return_ms\":null,\"binary_data_output\":true}");
        text(dir.resolve("wrong-types"), "{\"sla_ms\":\"soon\",\"policy\":3,\"min_accuracy\":[0.5]}");
        text(dir.resolve("out-of-range"), "{\"sla_ms\":1e400,\"elapsed_ms\":-1,\"min_accuracy\":93.5,"
                + "\"policy\":\"oracle\"}");
    }

    static void grpc(byte[] png, byte[] jpeg, float[] tensor) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(4 * tensor.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(tensor);
        ModelInferRequest.InferInputTensor fp32 = ModelInferRequest.InferInputTensor.newBuilder().setName("input")
                .setDatatype("FP32").addShape(1).addShape(1).addShape(28).addShape(28).build();
        ModelInferRequest.InferRequestedOutputTensor logits = ModelInferRequest.InferRequestedOutputTensor
                .newBuilder().setName("logits").build();
        // as the remote-member transport sends a request
        write(GRPC.resolve("member-raw-fp32"), ModelInferRequest.newBuilder().setModelName("lenet5").addInputs(fp32)
                .addRawInputContents(ByteString.copyFrom(raw.array())).addOutputs(logits)
                .putParameters("sla_ms", InferParameter.newBuilder().setDoubleParam(40).build()).build()
                .toByteArray());
        InferTensorContents.Builder values = InferTensorContents.newBuilder();
        for (float value : tensor) {
            values.addFp32Contents(value);
        }
        write(GRPC.resolve("zoo-typed-fp32"), ModelInferRequest.newBuilder().setModelName("fashion").setId("42")
                .addInputs(fp32.toBuilder().setContents(values))
                .putParameters("sla_ms", InferParameter.newBuilder().setInt64Param(80).build())
                .putParameters("elapsed_ms", InferParameter.newBuilder().setStringParam("3.25").build())
                .putParameters("return_ms", InferParameter.newBuilder().setDoubleParam(1.5).build())
                .putParameters("policy", InferParameter.newBuilder().setStringParam("greedy").build())
                .putParameters("min_accuracy", InferParameter.newBuilder().setStringParam("0.82").build())
                .putParameters("binary_data_output", InferParameter.newBuilder().setBoolParam(true).build())
                .putParameters("trace", InferParameter.newBuilder().setUint64Param(-1L).build()).build()
                .toByteArray());
        ByteBuffer element = ByteBuffer.allocate(8 + png.length + jpeg.length).order(ByteOrder.LITTLE_ENDIAN);
        element.putInt(png.length).put(png).putInt(jpeg.length).put(jpeg);
        ModelInferRequest.InferInputTensor bytes = ModelInferRequest.InferInputTensor.newBuilder().setName("input")
                .setDatatype("BYTES").addShape(2).build();
        write(GRPC.resolve("zoo-raw-png-jpeg"), ModelInferRequest.newBuilder().setModelName("fashion")
                .addInputs(bytes).addRawInputContents(ByteString.copyFrom(element.array()))
                .putParameters("sla_ms", InferParameter.newBuilder().setDoubleParam(300).build()).build()
                .toByteArray());
        write(GRPC.resolve("member-typed-png"), ModelInferRequest.newBuilder().setModelName("linear")
                .addInputs(bytes.toBuilder().setShape(0, 1).setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFrom(png)))).build().toByteArray());
    }

    static void text(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
