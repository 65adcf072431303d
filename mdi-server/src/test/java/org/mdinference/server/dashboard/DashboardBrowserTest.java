package org.mdinference.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.model.ServedModel;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through Playwright): it loads with nothing but the
 * server to ask, its figures move with real traffic, and once the traffic is over they are those of
 * {@code /metrics}. Leaves its screenshot in target/dashboard.png.
 */
class DashboardBrowserTest {

    private static final int ZOO_REQUESTS = 40;
    private static final int DIRECT_REQUESTS = 4;
    private static final double WAIT_MS = 20_000;

    @Test
    void figuresFollowTheTrafficAndAgreeWithMetrics() throws Exception {
        Path chromium = DebianChromium.executable();
        List<String> problems = new CopyOnWriteArrayList<>();
        List<String> requested = new CopyOnWriteArrayList<>();
        try (MdiServer server = CommittedZooServer.start(ServerConfig.builder().warmUp(false).intraOpThreads(1));
             // no browser download: the one Debian installed is driven
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium).setHeadless(true).setArgs(DebianChromium.arguments()))) {
            String base = "http://127.0.0.1:" + server.port();
            String zoo = server.service().zoo().name();
            ZooTraffic traffic = new ZooTraffic(URI.create(base));
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1400));
            page.setDefaultTimeout(WAIT_MS);
            page.onRequest(request -> requested.add(request.url()));
            page.onPageError(problems::add);
            page.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    problems.add(message.text());
                }
            });

            page.navigate(base + "/dashboard");
            waitForPolls(page, 2);
            assertThat(figure(page, "zoo-requests")).as("zoo requests before any").isZero();
            assertThat(figure(page, "zoo-rps")).isZero();

            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < ZOO_REQUESTS / 4; i++) {
                        traffic.zoo(zoo, 4);
                        Thread.sleep(100);
                    }
                    traffic.member("mlp", DIRECT_REQUESTS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the rate is read while the requests come, from polls of the page's own
            page.waitForFunction("() => Number(document.querySelector('[data-figure=\"zoo-rps\"]').dataset.value) > 0");
            load.join();
            int polls = polls(page);
            waitForPolls(page, polls + 2);

            MetricsText metrics = new MetricsText(traffic.get("/metrics"));
            double zooRequests = metrics.sum("mdi_requests_total", Map.of("model", zoo));
            assertThat(zooRequests).isEqualTo(ZOO_REQUESTS);
            assertThat(figure(page, "zoo-requests")).isEqualTo(zooRequests);
            assertThat(figure(page, "misses-actual"))
                    .isEqualTo(metrics.sum("mdi_deadline_misses_total", Map.of("kind", "actual")));
            assertThat(figure(page, "misses-predicted"))
                    .isEqualTo(metrics.sum("mdi_deadline_misses_total", Map.of("kind", "predicted")))
                    .isGreaterThanOrEqualTo(ZOO_REQUESTS / ZooTraffic.BUDGETS.size());
            assertThat(page.textContent("[data-figure=\"sla\"]")).endsWith("%");
            for (ServedModel member : server.service().zoo().members()) {
                String row = "#members tr[data-member=\"" + member.name() + "\"] td";
                List<String> cells = page.locator(row).allTextContents();
                Map<String, String> model = Map.of("model", member.name());
                assertThat(cells.get(1)).as("health of %s", member.name())
                        .isEqualTo(metrics.sum("mdi_member_available", model) == 1.0 ? "up" : "out");
                assertThat(Double.parseDouble(cells.get(10))).as("zoo picks of %s", member.name())
                        .isEqualTo(metrics.sum("mdi_zoo_chosen_total", model));
                assertThat(Double.parseDouble(cells.get(11))).as("direct requests to %s", member.name())
                        .isEqualTo(metrics.sum("mdi_requests_total", model));
            }
            assertThat(page.locator("#chart-share rect").count()).as("share bars").isPositive();
            assertThat(page.locator("#chart-budget rect").count()).as("budget histogram bars").isPositive();
            assertThat(page.locator("#chart-rps path").count()).as("request rate lines").isPositive();
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard.png"))
                    .setFullPage(true));

            assertThat(requested).as("the page asks nothing but its own server").allMatch(url ->
                    url.startsWith(base + "/"));
            assertThat(problems).as("script errors").isEmpty();
        }
    }

    private static double figure(Page page, String name) {
        return Double.parseDouble(page.getAttribute("[data-figure=\"" + name + "\"]", "data-value"));
    }

    private static int polls(Page page) {
        Object polls = page.evaluate("() => Number(document.body.dataset.polls || 0)");
        return ((Number) polls).intValue();
    }

    private static void waitForPolls(Page page, int n) {
        page.waitForFunction("n => Number(document.body.dataset.polls || 0) >= n", n);
    }
}
