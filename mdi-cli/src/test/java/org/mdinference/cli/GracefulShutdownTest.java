package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mdinference.onnx.Committed;
import org.mdinference.onnx.IdxDataset;

/**
 * {@code mdi serve} in a JVM of its own, under a load of several clients, is sent SIGTERM: it drains (readiness 503,
 * new requests 503 with an error message, those in flight answered) and exits within {@code --drain-seconds}. No
 * request is lost: each is answered 200 or 503 with a message, and a client's connection may fail only for a
 * request it sent once the server had stopped listening.
 */
class GracefulShutdownTest {

    private static final int DRAIN_SECONDS = 10;
    /** The JVM's start of its shutdown, the close of the listeners and the runtime, on a busy machine. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);
    private static final int CLIENTS = 6;
    private static final Pattern DRAINED = Pattern.compile("drained after ([0-9.]+) s");

    @Test
    @Timeout(180)
    void sigtermUnderLoadAnswersEveryRequestAndExitsWithinTheDrainTime() throws Exception {
        try (ServeProcess serve = ServeProcess.start(ServeProcess.Role.FRONT_END, Committed.zoo(), 0,
                Duration.ofSeconds(90), "--drain-seconds", Integer.toString(DRAIN_SECONDS))) {
            ZooLoad load = new ZooLoad(serve.url() + "/v2/models/fashion", IdxDataset.testSplit(Committed.testSplit()),
                    50, 1_000, Duration.ofSeconds(DRAIN_SECONDS + 20), Duration.ofMillis(1)).untilRefused();
            ReadinessPoll readiness = new ReadinessPoll(serve.url());
            load.start(CLIENTS);
            Thread.sleep(2_000);

            long term = System.nanoTime();
            Optional<Integer> exit = serve.terminate(Duration.ofSeconds(DRAIN_SECONDS).plus(EXIT_MARGIN));
            long exited = System.nanoTime();
            List<ZooLoad.Sent> sent = load.stop();
            readiness.stop();

            assertThat(exit).as("exit code, or still running; its output:%n%s", serve.stdout()).contains(143);
            // the server stops listening after this line; a request sent later may find no listener
            ServeProcess.Line drained = serve.awaitStdout(term, line -> line.contains("; stopping"),
                    Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no drain line in "
                            + serve.stdout()));
            long stopping = drained.nanos();
            Matcher drainTime = DRAINED.matcher(drained.text());
            assertThat(drainTime.find()).as(drained.text()).isTrue();
            Map<ZooLoad.Kind, Long> kinds = sent.stream().collect(Collectors.groupingBy(ZooLoad.Sent::kind,
                    Collectors.counting()));
            List<ZooLoad.Sent> lost = sent.stream().filter(one -> one.kind() == ZooLoad.Kind.LOST).toList();
            List<ZooLoad.Sent> refused = sent.stream().filter(one -> one.status() == 503).toList();
            System.out.printf("SIGTERM to exit: %.0f ms; requests %s; lost, all sent %s ms after the drain line at"
                    + " the earliest: %s; readiness polls %s; output:%n%s%n", ZooLoad.ms(term, exited), kinds,
                    lost.stream().mapToDouble(one -> ZooLoad.ms(stopping, one.sentNanos())).min().orElse(0),
                    lost.stream().map(ZooLoad.Sent::detail).toList(), readiness.seen(), serve.stdout().stream()
                            .map(ServeProcess.Line::text).filter(text -> text.startsWith("mdi serve: "))
                            .collect(Collectors.joining("\n")));

            assertThat(Duration.ofNanos(exited - term)).isLessThan(Duration.ofSeconds(DRAIN_SECONDS)
                    .plus(EXIT_MARGIN));
            // a slow machine serves a few dozen in the load's time; what matters is that the drain met a load
            assertThat(kinds.getOrDefault(ZooLoad.Kind.SERVED, 0L)).isGreaterThan(CLIENTS);
            assertThat(lost).as("requests sent while the server still listened and not answered")
                    .allSatisfy(one -> assertThat(one.sentNanos()).isGreaterThan(stopping));
            // a client stops at its first 503; one whose last answer came as the drain ended may find the listener
            // gone instead
            assertThat(refused).as("refused while draining, at most once a client").isNotEmpty()
                    .hasSizeLessThanOrEqualTo(CLIENTS).allSatisfy(one -> assertThat(one.detail())
                            .isEqualTo("the server is shutting down; retry on another replica"));
            assertThat(readiness.seen()).as("readiness polled").containsKey(200);
            // the poll answers within a millisecond or so: a drain that lasted longer was seen
            if (Double.parseDouble(drainTime.group(1)) >= 0.1) {
                assertThat(readiness.seen()).as("readiness while draining").containsKey(503);
            }
            if (readiness.seen().containsKey(503)) {
                assertThat(readiness.firstNotReady()).isBetween(term, exited);
                assertThat(readiness.lastReady()).as("never ready again").isLessThan(readiness.firstNotReady());
            }
        }
    }

    /** A readiness probe as tight as a test can make it: each answer counted, the last 200 and the first 503 timed. */
    private static final class ReadinessPoll {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        private final HttpRequest ready;
        private final Map<Integer, AtomicLong> seen = new ConcurrentHashMap<>();
        private final AtomicLong lastReady = new AtomicLong();
        private final AtomicLong firstNotReady = new AtomicLong(Long.MAX_VALUE);
        private final Thread poller;
        private volatile boolean running = true;

        ReadinessPoll(String url) {
            ready = HttpRequest.newBuilder(URI.create(url + "/v2/health/ready")).timeout(Duration.ofSeconds(5))
                    .build();
            poller = new Thread(this::poll, "readiness-poll");
            poller.setDaemon(true);
            poller.start();
        }

        private void poll() {
            while (running) {
                try {
                    int status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                    long now = System.nanoTime();
                    seen.computeIfAbsent(status, key -> new AtomicLong()).incrementAndGet();
                    if (status == 200) {
                        lastReady.set(now);
                    } else {
                        firstNotReady.accumulateAndGet(now, Math::min);
                    }
                } catch (IOException e) {
                    // no listener any more: the process is gone or going
                    seen.computeIfAbsent(-1, key -> new AtomicLong()).incrementAndGet();
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            poller.join(10_000);
        }

        Map<Integer, Long> seen() {
            return seen.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue()
                    .get()));
        }

        long lastReady() {
            return lastReady.get();
        }

        long firstNotReady() {
            return firstNotReady.get();
        }
    }
}
