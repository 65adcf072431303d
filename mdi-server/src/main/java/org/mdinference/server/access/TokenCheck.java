package org.mdinference.server.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.mdinference.protocol.BearerTokens;

/**
 * The bearer tokens a server accepts, kept as SHA-256 digests and compared in constant time: every accepted token is
 * compared, each by {@link MessageDigest#isEqual} over digests of equal length, so that neither how much of a token
 * matched, nor its length, nor which token it was shows in the time a refusal takes.
 */
public final class TokenCheck {

    private static final String PREFIX = BearerTokens.SCHEME + " ";

    private final List<byte[]> digests;
    private final String first;

    private TokenCheck(List<String> tokens) {
        this.digests = tokens.stream().map(TokenCheck::sha256).toList();
        this.first = tokens.get(0);
    }

    /**
     * Reads a token file: one token a line, blank lines and {@code #} comments skipped ({@link BearerTokens#parse}).
     *
     * @throws IllegalArgumentException when the file is missing, unreadable, empty or holds a line that is no token
     */
    public static TokenCheck read(Path file) {
        return new TokenCheck(BearerTokens.parse(readText(file, "token file"), file.toString()));
    }

    /** The first token of a token file: the one a client sends. */
    public static String first(Path file) {
        return BearerTokens.parse(readText(file, "token file"), file.toString()).get(0);
    }

    /** What an {@code Authorization} header ({@code Bearer TOKEN}, the scheme in any case) says, REST or gRPC. */
    public enum Verdict { ACCEPTED, MISSING, WRONG }

    /** @param authorization the request's {@code Authorization} header (gRPC: metadata), null when absent */
    public Verdict check(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Verdict.MISSING;
        }
        return accepts(authorization.substring(PREFIX.length()).trim()) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    /** Whether the token is one of those accepted. */
    public boolean accepts(String token) {
        byte[] digest = sha256(token);
        boolean match = false;
        for (byte[] accepted : digests) {
            // no early exit: a match on the first token takes as long as one on the last, or none
            match |= MessageDigest.isEqual(accepted, digest);
        }
        return match;
    }

    /** A token this server accepts: its own warm-up requests carry it. */
    public String any() {
        return first;
    }

    /** How many tokens are accepted. */
    public int size() {
        return digests.size();
    }

    static String readText(Path file, String what) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e, e);
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        // never the tokens
        return "TokenCheck[" + digests.size() + " token(s)]";
    }
}
