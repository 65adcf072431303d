package org.mdinference.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.mdinference.server.metrics.ServerMetrics;

class ServerResourcesTest {

    @Test
    void readsTheHeapDirectMemoryAndThreadsOfTheServersOwnMetrics() throws IOException {
        ServerResources resources = ServerResources.parse(new ServerMetrics().scrape());

        assertThat(resources.heapBytes()).isPositive();
        assertThat(resources.directBytes()).isNotNegative();
        assertThat(resources.threads()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void sumsTheHeapPoolsAndLeavesOutTheOthers() throws IOException {
        ServerResources resources = ServerResources.parse("""
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 3.0E7
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.5E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 4.0E7
                jvm_buffer_memory_used_bytes{id="direct"} 1.25E7
                jvm_buffer_memory_used_bytes{id="mapped"} 0.0
                jvm_threads_live_threads 41.0
                jvm_threads_peak_threads 50.0
                """);

        assertThat(resources).isEqualTo(new ServerResources(4.5e7, 1.25e7, 41));
    }

    @Test
    void saysSoWhenTheServerBindsNoJvmMetrics() {
        assertThatThrownBy(() -> ServerResources.parse("mdi_requests_total{model=\"linear\"} 3.0\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("jvm_threads_live_threads");
    }
}
