package org.mdinference.onnx;

/**
 * ONNX Runtime failed on an input Java had already checked: a fault of the model or the runtime, not of the
 * request, so a server answers it with a 5xx status.
 */
public final class InferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
