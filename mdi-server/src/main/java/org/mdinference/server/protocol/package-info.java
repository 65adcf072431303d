/**
 * The Open Inference Protocol (KServe v2) REST binding on the server: requests and replies as records, the request
 * decoder ({@link org.mdinference.server.protocol.InferRequestDecoder}: JSON tensors streamed by {@code
 * JsonTensorData}, the binary tensor extension's data by {@code BinaryTensors}), the reply encoder ({@link
 * org.mdinference.server.protocol.InferReplyEncoder}), and the protocol's error type ({@link
 * org.mdinference.server.protocol.OipException}). The names and typed parameters it shares with the SDK and the load
 * generator are mdi-protocol's.
 */
@NullMarked
package org.mdinference.server.protocol;

import org.jspecify.annotations.NullMarked;
