package org.mdinference.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote member's address in a zoo.json: {@code http://HOST:PORT/v2/models/NAME} (Open Inference Protocol REST)
 * or {@code grpc://HOST:PORT/NAME}.
 */
record Endpoint(String scheme, String host, int port, String model) {

    private static final Pattern REST = Pattern.compile("http://([a-z0-9.-]+):(\\d{1,5})/v2/models/([A-Za-z0-9_.-]+)");
    private static final Pattern GRPC = Pattern.compile("grpc://([a-z0-9.-]+):(\\d{1,5})/([A-Za-z0-9_.-]+)");

    static Endpoint parse(String text) {
        Matcher rest = REST.matcher(text);
        if (rest.matches()) {
            return new Endpoint("http", rest.group(1), Integer.parseInt(rest.group(2)), rest.group(3));
        }
        Matcher grpc = GRPC.matcher(text);
        if (grpc.matches()) {
            return new Endpoint("grpc", grpc.group(1), Integer.parseInt(grpc.group(2)), grpc.group(3));
        }
        throw new IllegalArgumentException("'" + text + "' is neither http://HOST:PORT/v2/models/NAME nor"
                + " grpc://HOST:PORT/NAME");
    }

    @Override
    public String toString() {
        return scheme.equals("http") ? "http://" + host + ":" + port + "/v2/models/" + model
                : "grpc://" + host + ":" + port + "/" + model;
    }

    /** The Service the host names: {@code NAME}, or {@code NAME.NAMESPACE[.svc[.cluster.local]]}. */
    String service() {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
