package org.mdinference.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP bytes of one cloud call, counted by {@link WireBytes} on OkHttp's threads as they go out and come in,
 * read by the request's answer whenever it is given.
 */
final class Transfer {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    void sent(long bytes) {
        sent.addAndGet(bytes);
    }

    void received(long bytes) {
        received.addAndGet(bytes);
    }

    long sent() {
        return sent.get();
    }

    long received() {
        return received.get();
    }
}
