package org.mdinference.client;

import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.protocol.TrustedCertificates;

/** What the SDK's OkHttp client adds for a server that asks for TLS with its own CA, or for a token. */
final class CloudAccess {

    private final Optional<TrustedCertificates> trusted;
    private final Optional<String> token;

    CloudAccess(Optional<TrustedCertificates> trusted, Optional<String> token) {
        this.trusted = trusted;
        this.token = token;
    }

    OkHttpClient.Builder apply(OkHttpClient.Builder http) {
        if (trusted.isPresent()) {
            http.sslSocketFactory(trusted.get().sslContext().getSocketFactory(), trusted.get().trustManager());
        }
        if (token.isPresent()) {
            http.addInterceptor(new Bearer(BearerTokens.header(token.get())));
        }
        return http;
    }

    /** An application interceptor: its header is on the wire, so the byte count sees it too. */
    private static final class Bearer implements Interceptor {

        private final String authorization;

        Bearer(String authorization) {
            this.authorization = authorization;
        }

        @Override
        public Response intercept(Chain chain) throws java.io.IOException {
            Request request = chain.request().newBuilder().header(BearerTokens.AUTHORIZATION, authorization).build();
            return chain.proceed(request);
        }
    }
}
