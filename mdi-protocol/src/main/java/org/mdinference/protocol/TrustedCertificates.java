package org.mdinference.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a client trusts instead of the system's: one or more CA (or self-signed server) certificates from
 * PEM text ({@code -----BEGIN CERTIFICATE-----}), as the server's operator hands them out. The server's host name is
 * still checked against its certificate, as for any CA. JDK security API only, which Android has too.
 */
public final class TrustedCertificates {

    private final List<Certificate> certificates;
    private final X509TrustManager trustManager;
    private final SSLContext sslContext;

    private TrustedCertificates(List<Certificate> certificates, X509TrustManager trustManager, SSLContext context) {
        this.certificates = certificates;
        this.trustManager = trustManager;
        this.sslContext = context;
    }

    /**
     * Reads every certificate of the PEM text; the stream is read to its end, not closed.
     *
     * @param source names the text in messages, such as {@code "CA file ca.pem"}
     * @throws IllegalArgumentException when it holds no certificate or one that does not parse
     */
    public static TrustedCertificates read(InputStream pem, String source) {
        Collection<? extends Certificate> read;
        try {
            read = CertificateFactory.getInstance("X.509").generateCertificates(pem);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + " is no PEM certificate (-----BEGIN"
                    + " CERTIFICATE-----): " + e.getMessage(), e);
        }
        if (read.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no certificate (-----BEGIN"
                    + " CERTIFICATE-----)");
        }
        List<Certificate> certificates = new ArrayList<Certificate>(read);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager trust = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    trust = (X509TrustManager) manager;
                }
            }
            if (trust == null) {
                throw new IllegalStateException("the platform made no X.509 trust manager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return new TrustedCertificates(certificates, trust, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the certificates of " + source + ": " + e, e);
        }
    }

    /** How many certificates are trusted. */
    public int count() {
        return certificates.size();
    }

    /** Trusts these certificates only. */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** A TLS context that trusts these certificates only; its socket factory is OkHttp's and a raw socket's. */
    public SSLContext sslContext() {
        return sslContext;
    }
}
