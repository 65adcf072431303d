package org.mdinference.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.mdinference.protocol.TrustedCertificates;
import org.mdinference.server.access.TokenCheck;
import org.mdinference.server.remote.MemberAccess;
import picocli.CommandLine.Option;

/** The options of a command that calls a server which may ask for TLS with its own CA, or for a bearer token. */
final class ClientAccessOptions {

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Trust the CA certificate(s) of this PEM file (-----BEGIN CERTIFICATE-----) for an https://"
                    + " server, instead of the JVM's CAs; the server's certificate must name the URL's host"
                    + " (default: the JVM's CAs).")
    Path caFile;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Send the first token of this file (one a line; blank lines and # comments skipped) as"
                    + " 'Authorization: Bearer TOKEN', for a server started with --auth-token-file (default: none).")
    Path tokenFile;

    /** The CAs of {@code --ca-file}; empty without it. */
    Optional<TrustedCertificates> trusted() {
        return Optional.ofNullable(caFile).map(MemberAccess::trusted);
    }

    /** The first token of {@code --token-file}; empty without it. */
    Optional<String> token() {
        return Optional.ofNullable(tokenFile).map(TokenCheck::first);
    }
}
