/**
 * Who may reach the server: TLS on both listeners from a PEM certificate and key ({@link
 * org.mdinference.server.access.ServerCertificate}), bearer tokens compared in constant time ({@link
 * org.mdinference.server.access.TokenCheck}), and the checks that apply them before a request's body is read:
 * {@link org.mdinference.server.access.RestAccess} for REST, {@link org.mdinference.server.access.GrpcAccess} for
 * gRPC. {@link org.mdinference.server.access.ServerAccess} is the part of the config that holds them.
 */
@NullMarked
package org.mdinference.server.access;

import org.jspecify.annotations.NullMarked;
