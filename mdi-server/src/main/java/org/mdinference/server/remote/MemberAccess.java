package org.mdinference.server.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.mdinference.protocol.TrustedCertificates;
import org.mdinference.server.access.TokenCheck;

/**
 * How a front end reaches its remote members: the CA certificates it trusts for {@code https://} and {@code
 * grpcs://} endpoints (else the JVM's own trusted CAs), and the bearer token it sends to every member, on every call
 * (metadata, probes, health probes, inference). One for all members: a zoo's members are one operator's servers.
 *
 * @param trusted the CAs trusted instead of the JVM's; empty for the JVM's
 * @param token   the bearer token sent; empty for none
 */
public record MemberAccess(Optional<TrustedCertificates> trusted, Optional<String> token) {

    /** The JVM's trusted CAs, no token: what a front end uses unless told otherwise. */
    public static final MemberAccess NONE = new MemberAccess(Optional.empty(), Optional.empty());

    public MemberAccess {
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(token, "token");
    }

    /**
     * @param caFile    PEM certificates to trust; empty for the JVM's
     * @param tokenFile a token file whose first token is sent; empty for none
     * @throws IllegalArgumentException when a file is missing, unreadable or holds no certificate or token
     */
    public static MemberAccess read(Optional<Path> caFile, Optional<Path> tokenFile) {
        return new MemberAccess(caFile.map(MemberAccess::trusted), tokenFile.map(TokenCheck::first));
    }

    /** @throws IllegalArgumentException when the file is missing or holds no certificate */
    public static TrustedCertificates trusted(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            return TrustedCertificates.read(in, "CA file " + caFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CA file " + caFile + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA file " + caFile, e);
        }
    }

    @Override
    public String toString() {
        // never the token
        return "MemberAccess[" + trusted.map(t -> t.count() + " CA certificate(s)").orElse("the JVM's CAs")
                + (token.isPresent() ? ", a token" : ", no token") + "]";
    }
}
