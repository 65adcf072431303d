/**
 * The Open Inference Protocol (KServe v2) REST binding: requests and replies as records, their JSON and binary
 * tensor encodings ({@link org.mdinference.server.protocol.InferCodec}), and the protocol's error type
 * ({@link org.mdinference.server.protocol.OipException}).
 */
@NullMarked
package org.mdinference.server.protocol;

import org.jspecify.annotations.NullMarked;
