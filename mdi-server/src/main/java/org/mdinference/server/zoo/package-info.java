/**
 * The zoo as a virtual model: a request's {@code parameters} become a budget ({@link
 * org.mdinference.server.zoo.ZooParameters}), the budget and the live profiles become a member or the answer that
 * none fits ({@link org.mdinference.server.zoo.ZooRouter}).
 */
@NullMarked
package org.mdinference.server.zoo;

import org.jspecify.annotations.NullMarked;
