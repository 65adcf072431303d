package org.mdinference.server.access;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.mdinference.protocol.BearerTokens;

/**
 * How the server reaches its own listeners (its warm-up requests): over TLS trusting exactly its own certificate,
 * whatever host name that certificate names (it is reached on loopback, which the certificate need not name; the
 * certificate is pinned, which is stricter than a name), and with one of its own tokens.
 *
 * @param trustManager  trusts the server's own certificate only; empty without TLS
 * @param sslContext    a TLS context with that trust; empty without TLS
 * @param authorization the {@code Authorization} header's value; empty without tokens
 */
public record LoopbackAccess(Optional<X509TrustManager> trustManager, Optional<SSLContext> sslContext,
                             Optional<String> authorization) {

    public static LoopbackAccess of(ServerAccess access) {
        Optional<String> authorization = access.tokens().map(tokens -> BearerTokens.header(tokens.any()));
        if (access.tls().isEmpty()) {
            return new LoopbackAccess(Optional.empty(), Optional.empty(), authorization);
        }
        X509TrustManager pinned = new Pinned(access.tls().get().certificate());
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pinned}, null);
            return new LoopbackAccess(Optional.of(pinned), Optional.of(context), authorization);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context: " + e, e);
        }
    }

    /** Extended, so that the JDK leaves the host name to it rather than checking it against loopback. */
    private static final class Pinned extends X509ExtendedTrustManager {

        private final X509Certificate own;

        Pinned(X509Certificate own) {
            this.own = own;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), own.getEncoded())) {
                throw new CertificateException("not this server's own certificate");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client's trust manager checks no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client's trust manager checks no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client's trust manager checks no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {own};
        }
    }
}
