package org.mdinference.onnx;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One place a remote member is served: an Open Inference Protocol REST model URL
 * ({@code http://host:port/v2/models/NAME}, optionally {@code /versions/V}; {@code https://} for TLS) or a gRPC one
 * ({@code grpc://host:port/NAME}; {@code grpcs://} for TLS).
 *
 * @param server  the server's own address: {@code http(s)://host:port} (REST) or {@code grpc(s)://host:port}
 * @param model   the model's name on that server, which need not be the member's name in the zoo
 * @param version the model's version on that server, when the URL names one
 */
public record ModelEndpoint(URI uri, Transport transport, URI server, String model, Optional<String> version) {

    /** How the endpoint is reached. */
    public enum Transport { REST, GRPC }

    private static final Pattern REST_PATH = Pattern.compile("/v2/models/([^/]+)(?:/versions/([^/]+))?/?");
    private static final Pattern GRPC_PATH = Pattern.compile("/([^/]+)/?");

    public ModelEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: the scheme, a missing host or port, or a path that
     *     names no model
     */
    public static ModelEndpoint parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" is no URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean grpc = scheme.equals("grpc") || scheme.equals("grpcs");
        if (!grpc && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" must start with http://, https://,"
                    + " grpc:// or grpcs://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" names no host");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80
                : -1;
        if (port == -1) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" needs a port (" + scheme
                    + "://host:port/MODEL)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        Matcher matcher = (grpc ? GRPC_PATH : REST_PATH).matcher(path);
        if (!matcher.matches() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint \"" + text + "\" must name one model: "
                    + (grpc ? scheme + "://host:port/MODEL" : scheme + "://host:port/v2/models/MODEL[/versions/V]"));
        }
        // an IPv6 host comes back bracketed, as a URL writes it
        URI server = URI.create(scheme + "://" + uri.getHost() + ":" + port);
        Optional<String> version = grpc ? Optional.empty() : Optional.ofNullable(matcher.group(2));
        return new ModelEndpoint(uri, grpc ? Transport.GRPC : Transport.REST, server, matcher.group(1), version);
    }

    /** Whether the endpoint is reached over TLS: {@code https://} or {@code grpcs://}. */
    public boolean tls() {
        String scheme = server.getScheme();
        return scheme.equals("https") || scheme.equals("grpcs");
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
