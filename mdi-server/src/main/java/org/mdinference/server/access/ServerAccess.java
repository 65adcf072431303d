package org.mdinference.server.access;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may reach a server, part of its config: TLS on both listeners when a certificate is given (then neither
 * answers plain text), bearer tokens on every route but health (and metrics, unless {@code tokenForMetrics}) when
 * tokens are given. {@link #OPEN}, the default, is neither.
 *
 * @param tls             the server's certificate and key; empty for plain HTTP and gRPC
 * @param tokens          the tokens accepted; empty for none asked
 * @param tokenForMetrics whether {@code /metrics} asks for a token too (Prometheus then sends one:
 *                        {@code authorization.credentials_file})
 */
public record ServerAccess(Optional<ServerCertificate> tls, Optional<TokenCheck> tokens, boolean tokenForMetrics) {

    /** No TLS, no tokens: what a server has unless told otherwise. */
    public static final ServerAccess OPEN = new ServerAccess(Optional.empty(), Optional.empty(), false);

    /** @throws IllegalArgumentException when metrics ask for a token but no tokens are given */
    public ServerAccess {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tokens, "tokens");
        if (tokenForMetrics && tokens.isEmpty()) {
            throw new IllegalArgumentException("metrics can ask for a token only when the server has tokens"
                    + " (--auth-metrics needs --auth-token-file)");
        }
    }

    /** The URL scheme of the REST listener. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
