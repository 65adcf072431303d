/**
 * The zoo as a virtual model: a request's parameters (mdi-protocol's {@code RequestParameters}), the live profiles
 * and the queues become core's decision, a member or the answer that none fits ({@link
 * org.mdinference.server.zoo.ZooRouter}).
 */
@NullMarked
package org.mdinference.server.zoo;

import org.jspecify.annotations.NullMarked;
