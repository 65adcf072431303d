package org.mdinference.loadgen;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.protocol.TrustedCertificates;

/**
 * How the load generator reaches a server that asks for TLS or a token: the CAs it trusts for an {@code https://}
 * URL (else the JVM's own), and the bearer token every request carries.
 *
 * @param trusted the CAs trusted instead of the JVM's; empty for the JVM's
 * @param token   the bearer token sent; empty for none
 */
public record LoadtestAccess(Optional<TrustedCertificates> trusted, Optional<String> token) {

    /** The JVM's CAs and no token. */
    public static final LoadtestAccess NONE = new LoadtestAccess(Optional.empty(), Optional.empty());

    public LoadtestAccess {
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(token, "token");
    }

    /** The sockets of an {@code https} URL: TLS trusting these CAs, or the JVM's. */
    SocketFactory tlsSockets() {
        return trusted.map(t -> (SocketFactory) t.sslContext().getSocketFactory())
                .orElseGet(SSLSocketFactory::getDefault);
    }

    /** The headers a request adds: the token's. */
    Map<String, String> headers() {
        return token.map(t -> Map.of(BearerTokens.AUTHORIZATION, BearerTokens.header(t))).orElse(Map.of());
    }

    @Override
    public String toString() {
        // never the token
        return "LoadtestAccess[" + trusted.map(t -> t.count() + " CA certificate(s)").orElse("the JVM's CAs")
                + (token.isPresent() ? ", a token" : ", no token") + "]";
    }
}
