package org.mdinference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooManifestTest {

    private static final String SHA = "ab".repeat(32);
    private static final String VALID = """
            {
              "name": "tiny",
              "dataset": "fashion-mnist",
              "labels": ["a", "b"],
              "models": [
                {
                  "name": "net",
                  "file": "net.onnx",
                  "sha256": "%s",
                  "top1": 0.9,
                  "on_device": true,
                  "input": {"name": "input", "shape": [-1, 1, 28, 28], "datatype": "FP32"},
                  "output": {"name": "logits", "shape": [-1, 2]},
                  "preprocessing": {"layout": "NCHW", "color": "grayscale", "scale": "0..1", "resize": null,
                                    "mean": [0.0], "std": [1.0], "note": "free text"},
                  "extra": {"kept": "but not read"}
                }
              ]
            }
            """.formatted(SHA);

    /** The preprocessing object of {@link #VALID}, for tests that replace it. */
    private static final String PREPROCESSING = "(?s)\"preprocessing\": \\{.*?},\n";

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("zoo.json"), json);
    }

    @Test
    void readsTheCommittedZoo() {
        ZooManifest zoo = ZooManifest.read(Committed.zoo());

        assertThat(zoo.name()).isEqualTo("fashion");
        assertThat(zoo.labels()).hasSize(10).contains("Ankle boot");
        assertThat(zoo.models()).isNotEmpty();
        assertThat(zoo.onDevice()).isPresent();
        for (ModelEntry model : zoo.models()) {
            assertThat(model.file().path()).exists().hasParent(zoo.directory());
            assertThat(model.input().shape()).containsExactly(-1L, 1L, 28L, 28L);
            assertThat(model.preprocessing()).isPresent();
        }
    }

    @Test
    void readsEveryKeyOfAModel() throws IOException {
        ZooManifest zoo = ZooManifest.read(write(VALID));

        ModelEntry net = zoo.model("net").orElseThrow();
        assertThat(zoo.dataset()).contains("fashion-mnist");
        assertThat(net.file().path()).isEqualTo(dir.toAbsolutePath().resolve("net.onnx"));
        assertThat(net.file().sha256()).isEqualTo(SHA);
        assertThat(net.top1()).isEqualTo(0.9);
        assertThat(net.onDevice()).isTrue();
        assertThat(net.output()).isEqualTo(new TensorSpec("logits", List.of(-1L, 2L), "FP32"));
        Preprocessing pre = net.preprocessing().orElseThrow();
        assertThat(pre.layout()).isEqualTo(Preprocessing.Layout.NCHW);
        assertThat(pre.color()).isEqualTo(Preprocessing.Color.GRAYSCALE);
        assertThat(pre.scale()).isEqualTo(Preprocessing.Scale.UNIT);
        assertThat(pre.resize()).isEmpty();
        assertThat(pre.centerCrop()).isEmpty();
    }

    @Test
    void readsImageNetStylePreprocessing() throws IOException {
        String json = VALID.replace("[-1, 1, 28, 28]", "[1, 3, 224, 224]").replaceAll(PREPROCESSING,
                "\"preprocessing\": {\"layout\": \"NCHW\", \"color\": \"rgb\", \"resize\": 256,"
                        + " \"center_crop\": [224, 224], \"mean\": [0.485, 0.456, 0.406],"
                        + " \"std\": [0.229, 0.224, 0.225]},\n");

        Preprocessing pre = ZooManifest.read(write(json)).models().get(0).preprocessing().orElseThrow();

        assertThat(pre.resize()).contains(new Resize.ShorterSide(256));
        assertThat(pre.centerCrop()).contains(new Size(224, 224));
        assertThat(pre.mean(2)).isEqualTo(0.406);
        assertThat(pre.std(0)).isEqualTo(0.229);
        assertThat(pre.outputSize()).contains(new Size(224, 224));
    }

    @Test
    void aModelWithoutPreprocessingTakesRawTensorsOnly() throws IOException {
        String json = VALID.replaceAll(PREPROCESSING, "");

        assertThat(ZooManifest.read(write(json)).models().get(0).preprocessing()).isEmpty();
    }

    /** {@link #VALID} with its model served elsewhere: {@code endpoint} (a JSON value) instead of file and sha256. */
    private static String remote(String endpoint) {
        return VALID.replace("\"file\": \"net.onnx\",\n      \"sha256\": \"" + SHA + "\",",
                "\"endpoint\": " + endpoint + ",").replace("\"on_device\": true", "\"on_device\": false");
    }

    @Test
    void readsARemoteMemberOverRestOrGrpcAndItsReplicas() throws IOException {
        ModelEntry rest = ZooManifest.read(write(remote("\"http://member-a:8080/v2/models/resnet/versions/2\"")))
                .models().get(0);
        ModelEntry replicas = ZooManifest.read(write(remote(
                "[\"grpc://10.0.0.7:8081/resnet\", \"https://member-b/v2/models/resnet_fp16\"]"))).models().get(0);

        assertThat(rest.remote()).isTrue();
        ModelEndpoint endpoint = rest.endpoints().endpoints().get(0);
        assertThat(endpoint.transport()).isEqualTo(ModelEndpoint.Transport.REST);
        assertThat(endpoint.server()).hasToString("http://member-a:8080");
        assertThat(endpoint.model()).isEqualTo("resnet");
        assertThat(endpoint.version()).contains("2");
        assertThat(replicas.endpoints().endpoints()).extracting(ModelEndpoint::transport, ModelEndpoint::model,
                        e -> e.server().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ModelEndpoint.Transport.GRPC, "resnet",
                                "grpc://10.0.0.7:8081"),
                        org.assertj.core.groups.Tuple.tuple(ModelEndpoint.Transport.REST, "resnet_fp16",
                                "https://member-b:443"));
        assertThatThrownBy(rest::file).hasMessageContaining("model net is served at [http://member-a:8080");
    }

    @Test
    void aBadEndpointIsNamedWithItsFile() throws IOException {
        assertRefused(remote("\"ftp://member:21/v2/models/net\""),
                "must start with http://, https://, grpc:// or grpcs://");
        assertRefused(remote("\"http://member:8080/models/net\""),
                "must name one model: http://host:port/v2/models/MODEL[/versions/V]");
        assertRefused(remote("\"grpc://member/net\""), "needs a port (grpc://host:port/MODEL)");
        assertRefused(remote("\"grpc://member:8081/a/b\""), "must name one model: grpc://host:port/MODEL");
        assertRefused(remote("\"grpcs://member/net\""), "needs a port (grpcs://host:port/MODEL)");
        assertRefused(remote("[]"), "endpoint needs at least one URL");
        assertRefused(remote("[\"grpc://m:1/x\", \"grpc://m:1/x\"]"), "endpoint lists the same URL twice");
        assertRefused(remote("42"), "models[0].endpoint must be a string, got 42");
        assertRefused(VALID.replace("\"top1\"", "\"endpoint\": \"grpc://m:1/x\", \"top1\""),
                "models[0].endpoint cannot go with file and sha256");
    }

    @Test
    void eachBadKeyIsNamedWithItsFile() throws IOException {
        assertRefused(VALID.replace("\"sha256\": \"" + SHA + "\",", ""), "models[0].sha256 is missing");
        assertRefused(VALID.replace("\"top1\": 0.9", "\"top1\": \"high\""), "models[0].top1 must be a number");
        assertRefused(VALID.replace("\"top1\": 0.9", "\"top1\": 90"), "models[0]: top1 must be a fraction");
        assertRefused(VALID.replace(SHA, "abc"), "sha256 must be 64 lower-case hex digits, got \"abc\"");
        assertRefused(VALID.replace("\"on_device\": true", "\"on_device\": \"yes\""),
                "models[0].on_device must be true or false");
        assertRefused(VALID.replace("\"layout\": \"NCHW\"", "\"layout\": \"CHW\""),
                "models[0].preprocessing: layout must be one of [NCHW, NHWC], got \"CHW\"");
        assertRefused(VALID.replace("\"color\": \"grayscale\"", "\"color\": \"cmyk\""),
                "color must be one of [grayscale, rgb, bgr], got \"cmyk\"");
        assertRefused(VALID.replace("\"scale\": \"0..1\"", "\"scale\": \"0..2\""),
                "scale must be \"0..1\" or \"0..255\", got \"0..2\"");
        assertRefused(VALID.replace("\"resize\": null", "\"centre_crop\": [2, 2]"),
                "models[0].preprocessing.centre_crop is not a known key");
        assertRefused(VALID.replace("\"resize\": null", "\"resize\": [28]"),
                "models[0].preprocessing.resize must be [height, width]");
        assertRefused(VALID.replace("\"mean\": [0.0]", "\"mean\": [0.1, 0.2]"), "mean needs 1 value for grayscale, got [0.1, 0.2]");
        assertRefused(VALID.replace("\"std\": [1.0]", "\"std\": [0.0]"), "std must hold positive numbers");
        assertRefused(VALID.replace("\"datatype\": \"FP32\"", "\"datatype\": \"INT8\""),
                "models[0].input.datatype must be FP32");
        assertRefused(VALID.replace("[-1, 1, 28, 28]", "[-1, 3, 28, 28]"),
                "color grayscale gives 1 channel(s), but input input with shape [-1, 3, 28, 28] has 3");
        assertRefused(VALID.replace("[-1, 1, 28, 28]", "[-1, 784]"), "has shape [-1, 784] of rank 2, not 4");
        assertRefused(VALID.replace("[-1, 1, 28, 28]", "[-1, 1, 0, 28]"), "has dimension 0");
        assertRefused(VALID.replace("\"models\": [", "\"models\": [] , \"x\": ["), "a zoo needs at least one model");
        assertRefused(VALID.replace("\"name\": \"tiny\",", ""), "zoo.json: name is missing");
        assertRefused("[1, 2]", "a zoo manifest must be a JSON object");
        assertRefused(VALID.replace("\"top1\": 0.9,", "\"top1\": 0.9"), "is not valid JSON");
    }

    @Test
    void twoModelsOfOneNameOrTwoDeviceModelsAreRefused() throws IOException {
        String model = VALID.substring(VALID.indexOf("    {\n"), VALID.lastIndexOf("    }") + 5);
        String twice = VALID.replace(model, model + ",\n" + model);

        assertRefused(twice, "model net appears twice");
        assertRefused(twice.replaceFirst("\"name\": \"net\"", "\"name\": \"other\""),
                "only one model can be on_device, got [other, net]");
    }

    @Test
    void aMissingManifestIsNamed() {
        assertThatThrownBy(() -> ZooManifest.read(dir.resolve("nowhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nowhere").hasMessageContaining("does not exist");
    }

    @Test
    void writingTop1KeepsEveryOtherKey() throws IOException {
        Path file = write(VALID);

        ZooManifest updated = ZooManifest.read(file).withTop1Written(Map.of("net", 0.81234));

        assertThat(updated.models().get(0).top1()).isEqualTo(0.8123);
        String text = Files.readString(file);
        assertThat(text).contains("\"top1\": 0.8123,", "\"kept\": \"but not read\"", "\"note\": \"free text\"",
                "\"resize\": null", "\"shape\": [\n").endsWith("}\n");
        assertThat(text.indexOf("\"sha256\"")).isLessThan(text.indexOf("\"top1\""));
        assertThatThrownBy(() -> updated.withTop1Written(Map.of("ghost", 0.5)))
                .hasMessageContaining("no models named [ghost]");
    }

    @Test
    void rewritingTheCommittedManifestWithItsOwnFiguresChangesNoByte() throws IOException {
        Path file = Files.copy(Committed.zoo().resolve(ZooManifest.FILE_NAME), dir.resolve(ZooManifest.FILE_NAME));
        String before = Files.readString(file);
        ZooManifest manifest = ZooManifest.read(file);
        Map<String, Double> same = new HashMap<>();
        manifest.models().forEach(m -> same.put(m.name(), m.top1()));

        manifest.withTop1Written(same);

        assertThat(file).content().isEqualTo(before);
    }

    @Test
    void findsModelsByName() throws IOException {
        ZooManifest zoo = ZooManifest.read(write(VALID));

        assertThat(zoo.model("net")).isPresent();
        assertThat(zoo.model("ghost")).isEqualTo(Optional.empty());
    }

    private void assertRefused(String json, String message) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> ZooManifest.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(message);
    }
}
