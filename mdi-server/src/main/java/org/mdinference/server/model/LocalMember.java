package org.mdinference.server.model;

import org.mdinference.onnx.InferenceException;
import org.mdinference.onnx.OnnxModel;
import org.mdinference.server.scheduling.BatchRunner;

/**
 * A zoo member run in this process on ONNX Runtime, as its queue runs it: each batch through the {@link OnnxModel},
 * each run's outcome told to its {@link LocalRotation}. Only the runtime's own failures ({@link InferenceException})
 * count against the member: a closed model is the server shutting down, and a wrong input never reaches the
 * runtime (it is refused with 400 before it is queued).
 */
final class LocalMember implements BatchRunner {

    private final OnnxModel model;
    private final LocalRotation rotation;

    LocalMember(OnnxModel model, LocalRotation rotation) {
        this.model = model;
        this.rotation = rotation;
    }

    LocalRotation rotation() {
        return rotation;
    }

    @Override
    public float[][] run(float[] batch, int n) {
        boolean trial = rotation.starting();
        float[][] outputs;
        try {
            outputs = model.run(batch, n);
        } catch (InferenceException e) {
            rotation.failed(trial, e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            // not the runtime's failure: a trial that did not get to run the model proves nothing either way
            if (trial) {
                rotation.trialAbandoned();
            }
            throw e;
        }
        rotation.succeeded(trial);
        return outputs;
    }

    @Override
    public String toString() {
        return "LocalMember[" + model.name() + "]";
    }
}
