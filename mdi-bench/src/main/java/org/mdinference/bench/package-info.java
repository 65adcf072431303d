/**
 * JMH benchmarks of the decision, the simulator's sweep and ONNX Runtime's batch scaling; run with {@code java -jar
 * mdi-bench/target/benchmarks.jar}.
 */
@NullMarked
package org.mdinference.bench;

import org.jspecify.annotations.NullMarked;
