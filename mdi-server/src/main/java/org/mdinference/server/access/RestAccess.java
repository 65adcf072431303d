package org.mdinference.server.access;

import io.javalin.http.Context;
import java.util.Set;
import org.mdinference.protocol.BearerTokens;
import org.mdinference.server.dashboard.DashboardRoutes;
import org.mdinference.server.metrics.ServerMetrics;

/**
 * The REST listener's token check, a Javalin before-handler: it runs once the request's head is read and before
 * any handler reads its body, so that a refused upload costs its head, not its megabytes (the connection is closed
 * after a refusal that leaves a body unread). Health routes stay open, as load balancers and Kubernetes probe them
 * without credentials; {@code /metrics} too unless the config says otherwise, and with it the dashboard's JSON
 * ({@code /dashboard/data}), which holds the same figures. The dashboard's page, script and style hold none and stay
 * open: the page sends the token it is given in its address's fragment ({@code /dashboard#token=...}) with its polls.
 */
public final class RestAccess {

    /** Open whatever the tokens: probes carry none. */
    private static final Set<String> HEALTH = Set.of("/v2/health/live", "/v2/health/ready");
    private static final String METRICS = "/metrics";

    private final TokenCheck tokens;
    private final boolean tokenForMetrics;
    private final ServerMetrics metrics;

    public RestAccess(TokenCheck tokens, boolean tokenForMetrics, ServerMetrics metrics) {
        this.tokens = tokens;
        this.tokenForMetrics = tokenForMetrics;
        this.metrics = metrics;
    }

    /** Lets the request on, or answers it 401 (no token) or 403 (a wrong one) and skips its handlers. */
    public void check(Context ctx) {
        String path = ctx.path();
        // exact paths only: Javalin also routes "/dashboard/data/" to the data, which must not pass as a file
        boolean figures = path.equals(METRICS) || path.equals(DashboardRoutes.DATA);
        if (HEALTH.contains(path) || DashboardRoutes.FILES.contains(path) || (!tokenForMetrics && figures)) {
            return;
        }
        switch (tokens.check(ctx.header(BearerTokens.AUTHORIZATION))) {
            case MISSING -> refuse(ctx, 401, "realm=\"mdinference\"", "missing",
                    "this server asks for a bearer token: send the header 'Authorization: Bearer TOKEN'");
            case WRONG -> refuse(ctx, 403, "realm=\"mdinference\", error=\"invalid_token\"", "wrong",
                    "the bearer token is not one this server accepts");
            case ACCEPTED -> { }
        }
    }

    private void refuse(Context ctx, int status, String challenge, String reason, String message) {
        metrics.refused("rest", reason);
        ctx.header("WWW-Authenticate", BearerTokens.SCHEME + " " + challenge);
        if (ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null) {
            // the body stays unread: closing is cheaper than reading it to keep the connection
            ctx.header("Connection", "close");
        }
        // the messages hold no character JSON escapes
        ctx.status(status).contentType("application/json").result("{\"error\":\"" + message + "\"}");
        ctx.skipRemainingHandlers();
    }
}
