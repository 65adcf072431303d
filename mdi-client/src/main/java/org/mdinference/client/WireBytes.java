package org.mdinference.client;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Counts each cloud call's HTTP bytes into the {@link Transfer} tagged on its request. A network interceptor sees
 * the request as OkHttp writes it (with the Host, Content-Length and other headers it adds) and the reply as it
 * comes off the connection (before any transparent gzip is undone); an app's own OkHttpClient keeps its event
 * listener. Counted: HTTP/1.1's request and status lines, the headers, the blank line after them, the bodies;
 * not counted: TCP/IP framing, chunk sizes, TLS records.
 */
final class WireBytes implements Interceptor {

    /** {@code \r\n} after the last header. */
    private static final int BLANK_LINE = 2;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Transfer transfer = request.tag(Transfer.class);
        if (transfer == null) {
            return chain.proceed(request);
        }
        RequestBody body = request.body();
        // counted as handed to the connection, just before it is written: a server that never replies still
        // received them
        transfer.sent(requestLine(request.method(), request.url()) + request.headers().byteCount() + BLANK_LINE
                + (body == null ? 0 : body.contentLength()));
        Response response = chain.proceed(request);
        transfer.received(("HTTP/1.1 " + response.code() + " " + response.message() + "\r\n").length()
                + response.headers().byteCount() + BLANK_LINE);
        ResponseBody original = response.body();
        if (original == null) {
            return response;
        }
        ResponseBody counted = ResponseBody.create(Okio.buffer(new ForwardingSource(original.source()) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long read = super.read(sink, byteCount);
                if (read > 0) {
                    transfer.received(read);
                }
                return read;
            }
        }), original.contentType(), original.contentLength());
        return response.newBuilder().body(counted).build();
    }

    private static long requestLine(String method, HttpUrl url) {
        String query = url.encodedQuery();
        return (method + " " + url.encodedPath() + (query == null ? "" : "?" + query) + " HTTP/1.1\r\n").length();
    }
}
