package org.mdinference.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code mdi serve} in a JVM of its own, started from this test JVM's class path, so that a test can kill it as
 * a crash would ({@link #kill}: no shutdown hook runs, its sockets are reset) and start it again on the same port.
 * It runs with a {@link Stalls} watcher, which tells on standard error when the machine kept it from running.
 * Its standard output is read for the address it serves on; its standard error is kept, line by line with the time
 * each line was read, for what the server says of its members.
 */
final class ServeProcess implements AutoCloseable {

    /** The line {@code mdi serve} prints once it is ready: the address comes after "on". */
    private static final Pattern READY = Pattern.compile("mdi serve: ready after .* on (http://[^ ]+:(\\d+)) ");
    /** What a JVM says when the port is taken: the one failure a restart on the same port retries. */
    private static final Pattern PORT_TAKEN = Pattern.compile("(?i)address already in use|BindException");

    /**
     * Three JVMs and a load share the test's cores: the client compiler alone and one garbage collector thread keep
     * their start-up (most of it compiling) from taking the cores the others answer on.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");

    /**
     * What the server is to the test. On loopback the member servers share the front end's cores, where a deployment
     * gives them machines of their own; run at a lower priority ({@code nice}), a member's start-up (compiling,
     * loading its models, warming up) no longer keeps the front end and the clients waiting for the cores, and the
     * front end meets what it should: slow members, not a slow self.
     */
    enum Role {
        FRONT_END(List.of()),
        MEMBER(Files.isExecutable(Path.of("/usr/bin/nice")) ? List.of("/usr/bin/nice", "-n", "10") : List.of());

        private final List<String> prefix;

        Role(List<String> prefix) {
            this.prefix = prefix;
        }
    }

    /** A line of standard error and when it was read ({@link System#nanoTime}). */
    record Line(long nanos, String text) {
    }

    private final Process process;
    private final String url;
    private final int port;
    private final long readyNanos;
    private final List<Line> stdout;
    private final List<Line> stderr;

    private ServeProcess(Process process, String url, int port, long readyNanos, List<Line> stdout,
                         List<Line> stderr) {
        this.process = process;
        this.url = url;
        this.port = port;
        this.readyNanos = readyNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code mdi serve --zoo zoo --host 127.0.0.1 --port port --grpc-port 0} with {@code options}, and returns
     * once it says it is ready. A port that is still taken (a restart racing the kernel's release of the killed
     * process's socket) is tried again, up to five times.
     *
     * @param port 0 for any free port
     * @throws IllegalStateException with the process's output when it ends or is not ready within {@code timeout}
     */
    static ServeProcess start(Role role, Path zoo, int port, Duration timeout, String... options) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(role, zoo, port, timeout, options);
            } catch (PortTakenException e) {
                if (attempt == 5) {
                    throw new IllegalStateException("port " + port + " stayed taken: " + e.getMessage(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static ServeProcess startOnce(Role role, Path zoo, int port, Duration timeout, String... options)
            throws Exception {
        List<String> command = new ArrayList<>(role.prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Stalls.class.getName(), "serve", "--zoo",
                zoo.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port), "--grpc-port", "0"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).start();
        List<Line> stdout = new CopyOnWriteArrayList<>();
        List<Line> stderr = new CopyOnWriteArrayList<>();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread out = drain(process.getInputStream(), stdout, line -> {
            Matcher matcher = READY.matcher(line);
            if (matcher.find()) {
                ready.complete(matcher);
            }
        });
        Thread err = drain(process.getErrorStream(), stderr, line -> { });
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("exited")));
        long end = System.nanoTime() + timeout.toNanos();
        try {
            Matcher matcher = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String url = matcher.group(1);
            awaitHealthReady(url, end);
            return new ServeProcess(process, url, Integer.parseInt(matcher.group(2)), System.nanoTime(), stdout,
                    stderr);
        } catch (ExecutionException | TimeoutException | IOException | InterruptedException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // what it said last, the reason it ended, is still in the pipes
            out.join(5_000);
            err.join(5_000);
            String said = "mdi serve --port " + port + " ended, or was not ready within " + timeout + "; its output:\n"
                    + text(stdout) + "\nits errors:\n" + text(stderr);
            if (stderr.stream().anyMatch(line -> PORT_TAKEN.matcher(line.text()).find())) {
                throw new PortTakenException(said);
            }
            throw new IllegalStateException(said, e);
        }
    }

    /** Waits until {@code GET /v2/health/ready} answers 200, as a load balancer's readiness probe would. */
    private static void awaitHealthReady(String url, long endNanos) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/v2/health/ready")).timeout(Duration.ofSeconds(1))
                .build();
        while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > endNanos) {
                throw new TimeoutException(url + "/v2/health/ready did not answer 200");
            }
            Thread.sleep(20);
        }
    }

    /** Reads a stream to its end on a daemon thread, so that the process never blocks on a full pipe. */
    private static Thread drain(InputStream stream, List<Line> lines, Consumer<String> each) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(new Line(System.nanoTime(), line));
                    each.accept(line);
                }
            } catch (IOException e) {
                // the process died: its pipe closes, and what it said is kept
            }
        }, "mdi-serve-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static String text(List<Line> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.text()).append('\n'));
        return text.toString();
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return url;
    }

    int port() {
        return port;
    }

    /** When its health route said it was ready ({@link System#nanoTime}). */
    long readyNanos() {
        return readyNanos;
    }

    /** Its standard error so far, but for the stalls it told. */
    List<Line> stderr() {
        return stderr.stream().filter(line -> Stalls.Stall.parse(line.text()).isEmpty()).toList();
    }

    /** The stalls it told so far ({@link Stalls#main}). */
    List<Stalls.Stall> stalls() {
        return stderr.stream().flatMap(line -> Stalls.Stall.parse(line.text()).stream()).toList();
    }

    String stderrText() {
        return text(stderr());
    }

    /**
     * The first line of standard error read after {@code since} ({@link System#nanoTime}) that {@code wanted}
     * accepts, waiting up to {@code timeout} for it.
     */
    Optional<Line> awaitStderr(long since, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return await(stderr, since, wanted, timeout);
    }

    /** As {@link #awaitStderr}, on standard output: its reader may lag behind a process that has just exited. */
    Optional<Line> awaitStdout(long since, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return await(stdout, since, wanted, timeout);
    }

    private static Optional<Line> await(List<Line> lines, long since, Predicate<String> wanted, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        do {
            Optional<Line> line = lines.stream().filter(l -> l.nanos() >= since && wanted.test(l.text()))
                    .findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return Optional.empty();
    }

    /** The native libraries the process has mapped, from Linux's {@code /proc/PID/maps}. */
    List<String> nativeLibraries() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "maps"))
                .stream().filter(line -> line.contains(".so")).map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .distinct().toList();
    }

    /** Its standard output so far, each line with the time it was read. */
    List<Line> stdout() {
        return List.copyOf(stdout);
    }

    /**
     * Sends SIGTERM, as {@code docker stop} or Kubernetes would (a graceful shutdown: the JVM's shutdown hooks run),
     * and waits up to {@code timeout} for the process to exit.
     *
     * @return its exit code; empty when it is still running then
     */
    Optional<Integer> terminate(Duration timeout) throws InterruptedException {
        // the handle's destroy, unlike the process's, leaves its pipes open: what it says while it drains is read
        process.toHandle().destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
                : Optional.empty();
    }

    /** Kills the JVM as a crash would, and waits until it is gone: its port is then free. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mdi serve at " + url + " did not die within 10 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static final class PortTakenException extends Exception {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
