package org.mdinference.server.access;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A server's TLS identity from PEM files, with the JDK alone: the certificate chain (the server's certificate first,
 * then any intermediates, {@code -----BEGIN CERTIFICATE-----}) and its private key, unencrypted PKCS#8 ({@code
 * -----BEGIN PRIVATE KEY-----}), RSA or EC, as {@code openssl req -x509 -newkey ... -nodes} and {@code openssl
 * genpkey} write them. Read once at start, checked (the key must be the certificate's), and kept in memory as the
 * key store Jetty takes and the key managers gRPC takes.
 */
public final class ServerCertificate {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final String ALIAS = "server";

    private final X509Certificate certificate;
    private final KeyStore keyStore;
    private final char[] password;

    private ServerCertificate(X509Certificate certificate, KeyStore keyStore, char[] password) {
        this.certificate = certificate;
        this.keyStore = keyStore;
        this.password = password;
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong: missing or unreadable, no PEM, no
     *     certificate, an encrypted or PKCS#1 key (with the openssl command that converts it), a key of an algorithm
     *     other than RSA or EC, or a key that is not the certificate's
     */
    public static ServerCertificate read(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        checkPair(chain.get(0), key, certificateFile, keyFile);
        try {
            char[] password = randomPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return new ServerCertificate(chain.get(0), store, password);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot use the key of " + keyFile + " with the certificate of "
                    + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /** The server's own certificate, the chain's first. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The key store Jetty serves from: the key under {@link #keyStorePassword()}, with its chain. */
    public KeyStore keyStore() {
        return keyStore;
    }

    public String keyStorePassword() {
        return new String(password);
    }

    /** Key managers over the same key and chain, for gRPC's TLS. */
    public KeyManager[] keyManagers() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key store made at start no longer opens: " + e, e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        String text = TokenCheck.readText(file, "certificate file");
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("certificate file " + file + " holds no PEM certificate (-----BEGIN"
                    + " CERTIFICATE-----)" + (text.contains("PRIVATE KEY-----") ? "; it holds a private key: give"
                    + " that to --tls-key" : ""));
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)))) {
                chain.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate file " + file + " holds a certificate that does not"
                    + " parse: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate file " + file + " holds no certificate");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) {
        String text = TokenCheck.readText(file, "key file");
        Matcher pem = BLOCK.matcher(text);
        if (!pem.find()) {
            throw new IllegalArgumentException("key file " + file + " is not PEM: expected -----BEGIN PRIVATE"
                    + " KEY-----");
        }
        String kind = pem.group(1);
        switch (kind) {
            case "PRIVATE KEY":
                break;
            case "RSA PRIVATE KEY":
            case "EC PRIVATE KEY":
                throw new IllegalArgumentException("key file " + file + " holds a " + kind + " (PKCS#1/SEC 1);"
                        + " convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
            case "ENCRYPTED PRIVATE KEY":
                throw new IllegalArgumentException("key file " + file + " is encrypted; the server reads an"
                        + " unencrypted key: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
            case "CERTIFICATE":
                throw new IllegalArgumentException("key file " + file + " holds a certificate, not the private key:"
                        + " give that to --tls-cert");
            default:
                throw new IllegalArgumentException("key file " + file + " holds a " + kind + ", not a private key"
                        + " (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + file + " is not valid base64 PEM: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException("key file " + file + " holds neither an RSA nor an EC private key");
    }

    /** A signature the certificate's public key verifies proves the key is its own, whatever the algorithm. */
    private static void checkPair(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        boolean matches;
        try {
            byte[] probe = "mdinference".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("the key of " + keyFile + " is not the one of the certificate in "
                    + certificateFile + " (" + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        return password;
    }

    @Override
    public String toString() {
        return "ServerCertificate[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
