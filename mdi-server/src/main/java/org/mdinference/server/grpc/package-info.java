/**
 * The gRPC binding: the Open Inference Protocol's {@code GRPCInferenceService} (mdi-grpc's generated stubs) over
 * the same transport-free {@link org.mdinference.server.InferenceService} as the REST routes, answering as they do.
 * {@link org.mdinference.server.grpc.GrpcServer} is the listener {@link org.mdinference.server.MdiServer} starts
 * beside the HTTP one when the config names a gRPC port; {@code GrpcRequests} turns a {@code ModelInferRequest} into
 * the REST decoder's request, with its checks; {@code GrpcReplies} writes replies and maps failures to status
 * codes. docs/protocol.md, "gRPC", is the contract.
 */
@NullMarked
package org.mdinference.server.grpc;

import org.jspecify.annotations.NullMarked;
