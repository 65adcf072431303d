package org.mdinference.onnx;

/** Told after each finished step of a long job (a batch evaluated, a batch size profiled), to show progress. */
@FunctionalInterface
public interface Progress {

    /** Ignores every step. */
    Progress NONE = (unit, done, total) -> { };

    /** {@code done} of {@code total} steps of the named unit (usually a model) are finished. */
    void update(String unit, int done, int total);
}
