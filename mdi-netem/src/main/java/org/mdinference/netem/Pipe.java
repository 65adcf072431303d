package org.mdinference.netem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of one proxied connection: a reader that takes what the source sends and schedules it on the
 * direction's link, and a writer that hands each slice to the destination when it arrives. Each runs on its own
 * thread; {@link Connection} runs both and closes the sockets.
 *
 * <p>The pipe holds at most {@link #BUFFER_BYTES} between reading and writing: beyond that the reader stops
 * reading, the source's socket buffers fill, and TCP's flow control holds the sender back, instead of the proxy's
 * memory growing with whatever a fast sender or a stalled receiver leaves it.
 */
final class Pipe {

    /**
     * What a pipe may hold. It must cover a link's bandwidth-delay product (rate times half the RTT) or the
     * link cannot be kept busy: 4 MiB fills 1.6 Gbit/s at a 40 ms RTT.
     */
    static final int BUFFER_BYTES = 4 << 20;

    /** The most one read takes from the source. */
    static final int READ_BYTES = 64 << 10;

    private final Socket from;
    private final Socket to;
    private final LinkSchedule schedule;
    private final TraceClock clock;
    private final LongAdder carried;
    private final FaultGate gate;
    private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(BUFFER_BYTES);

    /**
     * @param carried counts the bytes this pipe hands to {@code to}
     * @param gate    holds the writer back while the proxy stalls
     */
    Pipe(Socket from, Socket to, LinkSchedule schedule, TraceClock clock, LongAdder carried, FaultGate gate) {
        this.from = from;
        this.to = to;
        this.schedule = schedule;
        this.clock = clock;
        this.carried = carried;
        this.gate = gate;
    }

    /**
     * Reads the source until it ends (or half-closes), scheduling each chunk as it is read; its end goes to the
     * writer as an empty chunk.
     *
     * @throws IOException          when the source fails or is closed under the reader
     * @throws InterruptedException when the connection is closed while the reader waits for room
     */
    void read() throws IOException, InterruptedException {
        InputStream in = from.getInputStream();
        byte[] buffer = new byte[READ_BYTES];
        while (true) {
            room.acquire(READ_BYTES);
            int read = in.read(buffer);
            double readMs = clock.nowMs();
            room.release(READ_BYTES - Math.max(read, 0));
            if (read < 0) {
                chunks.put(Chunk.end(schedule.arrivalsMs(readMs, 0)[0]));
                return;
            }
            chunks.put(new Chunk(Arrays.copyOf(buffer, read), schedule.arrivalsMs(readMs, read)));
        }
    }

    /**
     * Writes each chunk to the destination as its slices arrive (none while the proxy stalls), and at the end of the stream shuts the
     * destination's output, so a half-close reaches the far side after the data before it.
     *
     * @throws IOException          when the destination fails or is closed under the writer
     * @throws InterruptedException when the connection is closed while the writer waits
     */
    void write() throws IOException, InterruptedException {
        OutputStream out = to.getOutputStream();
        while (true) {
            Chunk chunk = chunks.take();
            if (chunk.isEnd()) {
                clock.awaitMs(chunk.arrivalsMs()[0]);
                gate.awaitFlowing();
                to.shutdownOutput();
                return;
            }
            int written = 0;
            for (int slice = 0; slice < chunk.slices(); ) {
                clock.awaitMs(chunk.arrivalsMs()[slice]);
                gate.awaitFlowing();
                // A fast link's slices arrive faster than a thread wakes: whatever has arrived goes in one write.
                int last = chunk.lastArrivedBy(slice, clock.nowMs());
                int end = chunk.endOf(last);
                // Counted before the write: whoever has read these bytes at the far end finds them counted.
                carried.add(end - written);
                out.write(chunk.data(), written, end - written);
                room.release(end - written);
                written = end;
                slice = last + 1;
            }
        }
    }
}
