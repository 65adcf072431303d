package org.mdinference.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;

/**
 * The real server with the repository's zoo in a process of its own, so that a test can kill it as an operating
 * system kills a server (SIGKILL: no drain, no orderly close; the kernel resets its connections). {@link #main}
 * is what runs in that process.
 */
final class ServerProcess implements AutoCloseable {

    private static final String READY = "mdi-test-server listening on port ";

    private final Process process;
    final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one on {@code port} (0: a free one) and waits until it is ready. */
    static ServerProcess start(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ServerProcess.class.getName(), Integer.toString(port)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(READY)) {
                return new ServerProcess(process, Integer.parseInt(line.substring(READY.length()).trim()));
            }
        }
        process.destroyForcibly();
        throw new IOException("the server process ended before it was ready (exit " + process.exitValue() + ")");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** @param args the port to listen on (0: a free one) */
    public static void main(String[] args) throws Exception {
        MdiServer server = CommittedZooServer.start(ServerConfig.builder().maxBatch(4).intraOpThreads(1),
                Integer.parseInt(args[0]));
        System.out.println(READY + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
