/**
 * Real models: a zoo read from its manifest ({@code zoo.json}), each model an ONNX Runtime session whose file was
 * checked against the manifest's SHA-256 before it was loaded, the preprocessing that turns image bytes or raw
 * tensors into a model's input, the evaluator (top-1 on a labelled set) and the profiler (the latency
 * distribution on this machine, written to {@code profile.csv}). A manifest may carry a detached Ed25519 signature
 * ({@link org.mdinference.onnx.ZooSignature}, keys from PEM files by {@link org.mdinference.onnx.PemKeys}), which
 * {@link org.mdinference.onnx.ZooManifest#readSigned} checks before the manifest is used.
 *
 * <p>Every native resource has one owner: {@link org.mdinference.onnx.OnnxModel} owns its session,
 * {@link org.mdinference.onnx.LoadedZoo} owns its models, and tensors live only inside one call. Bad input (a
 * wrong element count, a corrupt image, a manifest that does not match its files) is refused with an
 * {@link java.lang.IllegalArgumentException} naming the bad thing before any native code sees it.
 */
@NullMarked
package org.mdinference.onnx;

import org.jspecify.annotations.NullMarked;
