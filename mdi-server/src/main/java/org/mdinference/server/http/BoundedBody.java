package org.mdinference.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.mdinference.server.protocol.OipException;

/**
 * Reads a request body up to a limit: a declared {@code Content-Length} over it is refused before a byte is read,
 * a chunked body as soon as it passes it. Either way 413, never an unbounded buffer.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared + " bytes", maxBytes);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private static OipException tooLarge(String size, long maxBytes) {
        return OipException.tooLarge("the request body of " + size + " is over this server's limit of " + maxBytes
                + " bytes");
    }
}
