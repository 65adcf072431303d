package org.mdinference.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mdinference.onnx.PemKeys;
import org.mdinference.onnx.ZooManifest;
import org.mdinference.onnx.ZooSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sign",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Signs a zoo's manifest: writes a detached Ed25519 signature of zoo.json's exact bytes beside"
                + " it, as zoo.json.sig (the 64 signature bytes in Base64, one line). 'mdi serve --zoo-public-key"
                + " PUB' then serves the zoo only while the signature matches; as zoo.json holds each model file's"
                + " SHA-256, checked before the file is loaded, every model served is then the one signed for."
                + " Each file is checked against its SHA-256 before signing. Sign again after any change to zoo.json (mdi zoo eval --write rewrites it).", ""},
        footer = {"",
            "Examples:",
            "  openssl genpkey -algorithm ed25519 -out key.pem   (private: stays with you)",
            "  openssl pkey -in key.pem -pubout -out pub.pem      (public: for the servers)",
            "  mdi zoo sign --key key.pem --zoo zoo/fashion",
            "  mdi serve --zoo zoo/fashion --zoo-public-key pub.pem",
            "",
            "More: docs/zoo.md, 'Signed zoos'"})
final class ZooSignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ZooCommand.ZooFolder zoo;

    @Option(names = "--key", paramLabel = "KEY", required = true,
            description = "The Ed25519 private key, a PEM file in PKCS#8 (-----BEGIN PRIVATE KEY-----), as 'openssl"
                    + " genpkey -algorithm ed25519' writes it; not encrypted.")
    Path key;

    @Override
    public Integer call() {
        Path manifest = ZooManifest.file(zoo.path);
        zoo.manifest().verifyFiles();
        Path signature = ZooSignature.sign(manifest, PemKeys.readPrivate(key));
        spec.commandLine().getOut().println("signed " + manifest + ": wrote " + signature + " (Ed25519, Base64)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
