package org.mdinference.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.mdinference.core.BatchCosts;
import org.mdinference.core.LatencyProfile;
import org.mdinference.onnx.ImagePreprocessor;
import org.mdinference.onnx.InputShape;
import org.mdinference.onnx.TensorSpec;
import org.mdinference.server.model.ServedModel;
import org.mdinference.server.model.ServedZoo;
import org.mdinference.server.scheduling.BatchRunner;

/**
 * Models whose latency the test sets, for the few HTTP tests that need time under their control and that the real
 * zoo cannot give: a full queue answered 503 needs a batch that is still running while more requests arrive (the
 * real models answer in microseconds, so the queue would drain before it fills), and "not ready while warming up"
 * needs a warm-up that waits for the test. Everything else is tested on the real zoo ({@link RealZoo}).
 *
 * <p>A batch waits until a latch the test holds opens; item i's output is its input's sum in class 0 and the model's
 * index in class 1. Inputs are [N, 4] FP32 tensors.
 */
final class FakeZoo {

    static final String NAME = "fake";
    static final int ITEM = 4;
    static final int CLASSES = 3;

    private FakeZoo() {
    }

    static ServedZoo of(ServedModel... members) {
        return new ServedZoo(NAME, List.of(members), () -> { });
    }

    /** A model whose batches wait until the latch opens (at most a minute). */
    static ServedModel gated(String name, CountDownLatch open) {
        return gated(name, new AtomicReference<>(open));
    }

    /** A model whose batches wait until the latch the reference holds at the time opens (at most a minute). */
    static ServedModel gated(String name, AtomicReference<CountDownLatch> gate) {
        return gated(name, 0.5, 1.0, gate);
    }

    /** The same, profiled at {@code singleMs} a lone request, with this accuracy. */
    static ServedModel gated(String name, double accuracy, double singleMs, AtomicReference<CountDownLatch> gate) {
        return member(name, 0, accuracy, singleMs, n -> {
            try {
                gate.get().await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** A model that answers at once, profiled at {@code singleMs} a lone request. */
    static ServedModel quick(String name, double accuracy, double singleMs) {
        return member(name, 1, accuracy, singleMs, n -> { });
    }

    private interface Delay {
        void batchOf(int n);
    }

    private static ServedModel member(String name, int index, double accuracy, double singleMs, Delay delay) {
        InputShape input = new InputShape(name, List.of(-1L, (long) ITEM));
        BatchCosts costs = new BatchCosts(Map.of(1, singleMs, 32, singleMs + 31 * 0.1));
        BatchRunner runner = (batch, n) -> {
            delay.batchOf(n);
            float[][] out = new float[n][CLASSES];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < ITEM; j++) {
                    out[i][0] += batch[i * ITEM + j];
                }
                out[i][1] = index;
            }
            return out;
        };
        return new ServedModel(name, accuracy, new TensorSpec("x", List.of(-1L, (long) ITEM), "FP32"), input,
                new ImagePreprocessor(input, Optional.empty()), new TensorSpec("logits", List.of(-1L, (long) CLASSES),
                "FP32"), runner, new LatencyProfile(singleMs, singleMs / 20), costs);
    }

    /** An FP32 request of n items of [1, 2, 3, 4] with these parameters (a JSON object's inside, or empty). */
    static String request(int n, String parameters) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < n; i++) {
            data.append(i == 0 ? "" : ",").append("[1,2,3,4]");
        }
        return "{\"id\":\"r1\",\"parameters\":{" + parameters + "},\"inputs\":[{\"name\":\"x\",\"shape\":[" + n
                + ",4],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";
    }
}
