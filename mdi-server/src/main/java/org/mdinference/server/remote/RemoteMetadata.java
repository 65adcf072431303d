package org.mdinference.server.remote;

import java.util.List;

/** A remote model's metadata, as its server describes it: its inputs and outputs. */
public record RemoteMetadata(String name, List<Tensor> inputs, List<Tensor> outputs) {

    public RemoteMetadata {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One tensor: -1 marks a dimension of any size. */
    public record Tensor(String name, String datatype, List<Long> shape) {

        public Tensor {
            shape = List.copyOf(shape);
        }
    }
}
