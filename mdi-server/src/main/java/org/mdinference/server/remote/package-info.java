/**
 * Zoo members served by other Open Inference Protocol servers (another mdinference server, Triton, KServe): how one
 * is reached ({@link org.mdinference.server.remote.MemberTransport}, over REST or gRPC), its replicas and their
 * health, and the member as the server's queues run it ({@link org.mdinference.server.remote.RemoteMember}).
 */
@NullMarked
package org.mdinference.server.remote;

import org.jspecify.annotations.NullMarked;
