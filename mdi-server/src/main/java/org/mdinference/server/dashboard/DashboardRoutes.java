package org.mdinference.server.dashboard;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /dashboard}: the page, {@code /dashboard/dashboard.js} and {@code /dashboard/dashboard.css} (from this
 * jar: no network is needed to draw it), and {@code /dashboard/data}, the JSON it polls. Who may read them is the
 * access check's business ({@link org.mdinference.server.access.RestAccess}): the data as {@code /metrics}, the
 * page and its files, which hold no figures, always.
 */
public final class DashboardRoutes {

    /** The JSON's path; the only dashboard path that holds figures. */
    public static final String DATA = "/dashboard/data";
    /** The paths of the page and its files, which hold no figures (with and without the page's trailing slash). */
    public static final Set<String> FILES = Set.of("/dashboard", "/dashboard/", "/dashboard/dashboard.js",
            "/dashboard/dashboard.css");

    private static final Map<String, String> RESOURCES = Map.of(
            "/dashboard", "index.html",
            "/dashboard/dashboard.js", "dashboard.js",
            "/dashboard/dashboard.css", "dashboard.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final DashboardData data;
    private final Function<Object, byte[]> json;

    /** @param json the server's JSON encoder, the one its other replies use */
    public DashboardRoutes(DashboardData data, Function<Object, byte[]> json) {
        this.data = data;
        this.json = json;
    }

    public void register(JavalinDefaultRouting router) {
        RESOURCES.forEach((path, file) -> {
            byte[] body = resource(file);
            String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
            router.get(path, ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(body));
        });
        router.get(DATA, this::data);
    }

    private void data(Context ctx) {
        ctx.contentType("application/json").header("Cache-Control", "no-store").result(json.apply(data.now()));
    }

    private static byte[] resource(String file) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
