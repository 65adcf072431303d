/**
 * The Open Inference Protocol (KServe v2) as mdinference speaks it, in one place for the server, the SDK, the load
 * generator and the server's warm-up: the names of its parameters and header ({@link
 * org.mdinference.protocol.OipNames}), the zoo's request and reply parameters as typed values ({@link
 * org.mdinference.protocol.RequestParameters}, {@link org.mdinference.protocol.ReplyParameters}), the one builder of
 * inference requests, JSON or with the binary tensor extension ({@link org.mdinference.protocol.InferRequestBody}),
 * and the one check of policy names ({@link org.mdinference.protocol.PolicyNames}).
 *
 * <p>The SDK runs on Android, so this package keeps to the Java 8 language and to the library of Android API level
 * 24 (no records, no {@code List.of}, no {@code java.util.Base64}, no {@code String.join}) and to jackson-core's
 * streaming API; its build refuses any dependency but mdi-core and jackson-core.
 */
@NullMarked
package org.mdinference.protocol;

import org.jspecify.annotations.NullMarked;
