package org.mdinference.server.protocol;

import java.util.OptionalInt;

/**
 * An encoded reply body: JSON, or with the binary tensor extension a JSON header of {@code jsonLength} bytes
 * followed by raw tensor data.
 */
public record EncodedReply(byte[] body, OptionalInt jsonLength) {

    public String contentType() {
        return jsonLength.isPresent() ? "application/octet-stream" : "application/json";
    }
}
