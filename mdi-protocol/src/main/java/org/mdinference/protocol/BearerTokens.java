package org.mdinference.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bearer tokens (RFC 6750) as the server's token file and every client's {@code --token-file} hold them: one token a
 * line, blank lines and lines starting with {@code #} skipped, surrounding spaces dropped. A server accepts any token
 * of its file (so that a new one can be added before the old one is retired); a client sends the first of its file.
 * Text, not files: the SDK runs on Android, where an app reads its token from wherever it keeps it.
 */
public final class BearerTokens {

    /** The request header that carries the token, and the gRPC metadata key ({@code authorization}). */
    public static final String AUTHORIZATION = "Authorization";
    /** The scheme before the token in {@link #AUTHORIZATION}, and in a 401's {@code WWW-Authenticate}. */
    public static final String SCHEME = "Bearer";

    /** RFC 6750's b64token: what may stand in a header after {@code Bearer }. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private BearerTokens() {
    }

    /**
     * The tokens of a token file's text, in order.
     *
     * @param source names the text in messages, such as the file's path
     * @throws IllegalArgumentException when it holds no token, or a line that is not one (with its line number,
     *     never its text: it may be a secret)
     */
    public static List<String> parse(String text, String source) {
        List<String> tokens = new ArrayList<String>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!TOKEN.matcher(line).matches()) {
                throw new IllegalArgumentException("token file " + source + ", line " + (i + 1) + ": a token is one"
                        + " word of letters, digits and -._~+/ (such as 'openssl rand -hex 32' prints), not this");
            }
            tokens.add(line);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("token file " + source + " holds no token (one a line; blank lines"
                    + " and # comments are skipped)");
        }
        return Collections.unmodifiableList(tokens);
    }

    /**
     * A token given directly, such as to the SDK's builder, checked as a file's are.
     *
     * @return the token without surrounding spaces
     * @throws IllegalArgumentException when it is empty or not one word of the allowed characters
     */
    public static String check(String token) {
        String trimmed = token.trim();
        if (!TOKEN.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("a bearer token is one word of letters, digits and -._~+/ (such as"
                    + " 'openssl rand -hex 32' prints), and not empty");
        }
        return trimmed;
    }

    /** The {@link #AUTHORIZATION} header's value for a token. */
    public static String header(String token) {
        return SCHEME + " " + token;
    }
}
