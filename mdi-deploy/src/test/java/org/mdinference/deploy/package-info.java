/**
 * Tests of deploy/: the container build file and the Kubernetes manifests, each parsed strictly into its model
 * (fabric8's kubernetes-model), and the references between them and the zoo checked, so that a misspelt field, a
 * probe on the wrong route or an endpoint naming no Service fails the build instead of a rollout.
 */
@NullMarked
package org.mdinference.deploy;

import org.jspecify.annotations.NullMarked;
