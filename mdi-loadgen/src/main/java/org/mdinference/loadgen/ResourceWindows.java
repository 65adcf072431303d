package org.mdinference.loadgen;

import java.io.IOException;
import java.net.URI;

/**
 * The server's resources over the soak's first and last windows: each figure's least, scraped from its {@code
 * /metrics} on a thread of its own while the load runs. The least heap is the heap's level after a young
 * collection, when the load's garbage is gone; the least threads and direct memory are those the server keeps, not
 * those a moment's load made. Both windows run the same base load, so their figures compare.
 */
final class ResourceWindows {

    /** Where the soak is. */
    enum Phase { START, LOAD, END, DONE }

    private static final ServerResources NONE = new ServerResources(Double.NaN, Double.NaN, Double.NaN);

    private volatile Phase phase = Phase.LOAD;
    private volatile ServerResources start = NONE;
    private volatile ServerResources end = NONE;

    void at(Phase now) {
        phase = now;
    }

    /** Scrapes until interrupted or done; a scrape that fails is left out. */
    void sample(URI server) {
        while (phase != Phase.DONE && !Thread.currentThread().isInterrupted()) {
            Phase now = phase;
            try {
                ServerResources seen = ServerResources.scrape(server);
                if (now == Phase.START) {
                    start = start == NONE ? seen : start.min(seen);
                } else if (now == Phase.END) {
                    end = end == NONE ? seen : end.min(seen);
                }
            } catch (IOException e) {
                // a scrape refused under the burst's load: the window has others
            }
            try {
                Thread.sleep(Soak.SCRAPE_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The start window's least; NaN figures when no scrape succeeded in it. */
    ServerResources start() {
        return start;
    }

    ServerResources end() {
        return end;
    }
}
