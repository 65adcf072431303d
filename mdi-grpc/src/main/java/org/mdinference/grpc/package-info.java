/**
 * The Open Inference Protocol's gRPC API, generated at build time from {@code src/main/proto/grpc_service.proto}
 * (proto package {@code inference}): the messages ({@link org.mdinference.grpc.ModelInferRequest}, {@link
 * org.mdinference.grpc.ModelInferResponse}, ...) and the service's stubs and base class ({@link
 * org.mdinference.grpc.GRPCInferenceServiceGrpc}). Nothing here is written by hand but this file.
 *
 * <p>Null-marked as protobuf's generated Java is: a message's getters never return null (an unset field reads as
 * its default) and its builders' setters refuse null. The one exception is the default argument of a map field's
 * {@code get...OrDefault}, which may be null.
 */
@NullMarked
package org.mdinference.grpc;

import org.jspecify.annotations.NullMarked;
