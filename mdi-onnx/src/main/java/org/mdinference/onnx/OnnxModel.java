package org.mdinference.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One model of a zoo, loaded: an ONNX Runtime session this object owns and closes. Loading checks the file's
 * SHA-256 against the manifest and the manifest's input and output against the model's own metadata; running
 * checks the element count in Java, so a wrong request is refused with a message instead of reaching native code.
 *
 * <p>{@link #run} may be called from several threads at once (ONNX Runtime sessions are thread-safe); it must not
 * race with {@link #close}.
 *
 * <p>Inputs reach ONNX Runtime through direct buffers the model keeps for its next runs, one per run in flight:
 * given a heap array, ONNX Runtime allocates a new direct buffer and copies into it on every run, and that
 * allocation (with the collections it forces) cost a batch of 32 of the smallest model ten times its inference.
 */
public final class OnnxModel implements AutoCloseable {

    private final ModelEntry entry;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final InputShape input;
    private final int intraOpThreads;
    private final ConcurrentLinkedQueue<FloatBuffer> inputBuffers = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private OnnxModel(ModelEntry entry, OrtEnvironment environment, OrtSession session, InputShape input,
                      int intraOpThreads) {
        this.entry = entry;
        this.environment = environment;
        this.session = session;
        this.input = input;
        this.intraOpThreads = intraOpThreads;
    }

    /**
     * Loads a model with a session of its own in the shared environment.
     *
     * @param intraOpThreads threads ONNX Runtime may use inside one inference (1 runs each request on one core)
     * @throws IllegalArgumentException when the file is missing, its SHA-256 differs from the manifest's, it is no
     *     loadable ONNX model, or its inputs and outputs differ from the manifest's; the message names the file
     */
    public static OnnxModel load(OrtEnvironment environment, ModelEntry entry, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
        }
        byte[] bytes = ModelFile.readVerified(entry);
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment.createSession(bytes, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("model file " + entry.file().path() + " of model " + entry.name()
                    + " is not a model ONNX Runtime can load: " + e.getMessage(), e);
        }
        try {
            if (session.getNumInputs() != 1) {
                throw new IllegalArgumentException("model file " + entry.file().path() + " has " + session.getNumInputs()
                        + " inputs " + session.getInputNames() + "; a zoo model takes one");
            }
            InputShape input = InputShape.resolve(entry.name(), entry.input(), floatTensor(session.getInputInfo(),
                    entry.input(), "input", entry).getShape());
            floatTensor(session.getOutputInfo(), entry.output(), "output", entry);
            return new OnnxModel(entry, environment, session, input, intraOpThreads);
        } catch (OrtException e) {
            closeQuietly(session, e);
            throw new IllegalArgumentException("model file " + entry.file().path() + ": cannot read its inputs and outputs: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session, e);
            throw e;
        }
    }

    private static TensorInfo floatTensor(Map<String, NodeInfo> nodes, TensorSpec declared, String role,
                                          ModelEntry entry) {
        NodeInfo node = nodes.get(declared.name());
        if (node == null) {
            throw new IllegalArgumentException("model file " + entry.file().path() + " has no " + role + " named '"
                    + declared.name() + "' (its " + role + "s: " + nodes.keySet() + ")");
        }
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException("model file " + entry.file().path() + ": " + role + " '" + declared.name()
                    + "' is " + info + ", not the float tensor (FP32) the manifest declares");
        }
        long[] shape = tensor.getShape();
        boolean agree = shape.length == declared.shape().size();
        for (int axis = 0; agree && axis < shape.length; axis++) {
            long ours = declared.shape().get(axis);
            agree = shape[axis] <= 0 || ours == -1 || shape[axis] == ours;
        }
        if (!agree) {
            throw new IllegalArgumentException("model file " + entry.file().path() + ": " + role + " '" + declared.name()
                    + "' has shape " + Arrays.toString(shape) + ", but the manifest declares " + declared.shape());
        }
        return tensor;
    }

    private static void closeQuietly(OrtSession session, Exception failure) {
        try {
            session.close();
        } catch (OrtException e) {
            failure.addSuppressed(e);
        }
    }

    public String name() {
        return entry.name();
    }

    public ModelEntry entry() {
        return entry;
    }

    /** The input shape the manifest and the model agree on. */
    public InputShape input() {
        return input;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** What turns images or raw tensors into this model's input. */
    public ImagePreprocessor preprocessor() {
        return new ImagePreprocessor(input, entry.preprocessing());
    }

    /**
     * Runs a batch of n items laid out one after another, {@link InputShape#itemElements()} floats each, and returns
     * each item's output (the logits of a classifier).
     *
     * @throws IllegalArgumentException when the model does not take n items or {@code batch} holds the wrong
     *     number of floats; nothing reaches native code then
     * @throws InferenceException when ONNX Runtime fails
     * @throws IllegalStateException when this model is closed
     */
    public float[][] run(float[] batch, int n) {
        if (closed) {
            throw new IllegalStateException("model " + entry.name() + " is closed");
        }
        long[] shape = input.forBatch(n);
        input.check(shape, batch.length);
        FloatBuffer direct = inputBuffer(batch);
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, direct, shape);
             OrtSession.Result result = session.run(Map.of(entry.input().name(), tensor),
                     Set.of(entry.output().name()))) {
            return split(result.get(entry.output().name()).orElseThrow(), n);
        } catch (OrtException e) {
            throw new InferenceException("model " + entry.name() + " failed on a batch of " + n + ": "
                    + e.getMessage(), e);
        } finally {
            inputBuffers.offer(direct);
        }
    }

    /** A kept direct buffer holding {@code batch}, or a new one when none is free or the free one is too small. */
    private FloatBuffer inputBuffer(float[] batch) {
        FloatBuffer buffer = inputBuffers.poll();
        if (buffer == null || buffer.capacity() < batch.length) {
            buffer = ByteBuffer.allocateDirect(batch.length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        buffer.clear();
        buffer.put(batch).flip();
        return buffer;
    }

    private float[][] split(OnnxValue value, int n) {
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new InferenceException("model " + entry.name() + " returned " + value.getInfo() + " as "
                    + entry.output().name() + ", not a float tensor", null);
        }
        FloatBuffer values = tensor.getFloatBuffer();
        if (values.remaining() % n != 0) {
            throw new InferenceException("model " + entry.name() + " returned " + values.remaining()
                    + " values for a batch of " + n, null);
        }
        float[][] items = new float[n][values.remaining() / n];
        for (float[] item : items) {
            values.get(item);
        }
        return items;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("cannot close the session of model " + entry.name(), e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + entry.name() + ", input " + input.described() + ", " + intraOpThreads + " thread(s)]";
    }
}
