package org.mdinference.client.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;
import org.mdinference.client.ClientInput;
import org.mdinference.client.DeviceModel;
import org.mdinference.client.GateThresholds;
import org.mdinference.core.GateTable;
import org.mdinference.onnx.GateEntry;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.ModelEntry;
import org.mdinference.onnx.OnnxModel;
import org.mdinference.onnx.Pixels;
import org.mdinference.onnx.ZooManifest;

/**
 * A zoo model run on this machine through ONNX Runtime as the device's model: images go through the model's own
 * preprocessing from the manifest, tensors are checked against its input. It owns its session: close it when the
 * clients that use it are closed. Thread-safe.
 *
 * <p>JVM only (files, ONNX Runtime's desktop build): the build's Android API check passes it by.
 */
@IgnoreJRERequirement
public final class OnnxDeviceModel implements DeviceModel, AutoCloseable {

    /**
     * One thread per inference: the device model is a zoo's smallest, and concurrent requests each get a thread of
     * their own from the client.
     */
    private static final int INTRA_OP_THREADS = 1;
    private static final long WARM_UP_SEED = 1;

    private final OnnxModel model;
    private final ImagePreprocessor preprocessor;

    private OnnxDeviceModel(OnnxModel model) {
        this.model = model;
        this.preprocessor = model.preprocessor();
    }

    /**
     * Loads the model a zoo's manifest marks {@code on_device}.
     *
     * @param zoo the zoo folder, holding {@code zoo.json}, or the manifest itself
     * @throws IllegalArgumentException when the manifest cannot be read, marks no model on_device, or the model
     *     does not load (see {@link #load})
     */
    public static OnnxDeviceModel fromZoo(Path zoo) {
        return fromZoo(ZooManifest.read(zoo));
    }

    /**
     * Loads the model a zoo's manifest, already read, marks {@code on_device}.
     *
     * @throws IllegalArgumentException when the manifest marks no model on_device, or the model does not load
     */
    public static OnnxDeviceModel fromZoo(ZooManifest manifest) {
        return load(manifest.onDevice().orElseThrow(() -> new IllegalArgumentException("zoo " + manifest.name()
                + " (" + manifest.file() + ") marks no model on_device: set \"on_device\": true on the one the"
                + " device runs")));
    }

    /**
     * Loads one manifest entry, its file's SHA-256 checked.
     *
     * @throws IllegalArgumentException naming the file when it is missing, differs from its SHA-256 or does not load
     */
    public static OnnxDeviceModel load(ModelEntry entry) {
        return new OnnxDeviceModel(OnnxModel.load(OrtEnvironment.getEnvironment(), entry, INTRA_OP_THREADS));
    }

    @Override
    public String name() {
        return model.name();
    }

    /** The manifest's top-1 accuracy of the model, as {@code mdi zoo eval} measured it. */
    @Override
    public double accuracy() {
        return model.entry().top1();
    }

    /**
     * The gate's calibration from the model's manifest entry ({@code gate}, written by {@code mdi zoo calibrate});
     * empty when the entry has none.
     */
    @Override
    public Optional<GateThresholds> gateThresholds() {
        Optional<GateEntry> gate = model.entry().gate();
        if (gate.isEmpty()) {
            return Optional.empty();
        }
        GateThresholds.Builder thresholds = GateThresholds.builder();
        for (GateTable.Row row : gate.get().table().rows()) {
            thresholds.add(row.maxLoss(), row.threshold(), row.onDeviceShare());
        }
        return Optional.of(thresholds.build());
    }

    /**
     * @throws IllegalArgumentException when the image does not decode or the tensor's shape is not the model's
     */
    @Override
    public float[] logits(ClientInput input) {
        float[] item = input.kind() == ClientInput.Kind.IMAGE ? preprocessor.image(input.image())
                : preprocessor.tensor(input.values(), input.shape());
        return model.run(item, 1)[0];
    }

    /**
     * One run of the model on a seeded input, and, for a model that takes images, one decode of a blank PNG: ONNX
     * Runtime's first run and javax.imageio's first read each cost tens of ms on a cold JVM.
     */
    @Override
    public void warmUp() {
        model.run(model.input().seededItems(1, WARM_UP_SEED), 1);
        if (preprocessor.preprocessing().isPresent()) {
            Pixels.decode(blankPng());
        }
    }

    private static byte[] blankPng() {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG in memory", e);
        }
        return png.toByteArray();
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "OnnxDeviceModel[" + model + "]";
    }
}
