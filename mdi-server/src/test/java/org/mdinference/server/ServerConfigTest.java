package org.mdinference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mdinference.core.BatchCosts;

class ServerConfigTest {

    @Test
    void defaultsAreSane() {
        ServerConfig config = ServerConfig.builder().build();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.grpcPort()).as("a library's server opens no second port unless asked").isEmpty();
        assertThat(config.policy()).isEqualTo("expected-accuracy");
        assertThat(config.maxBatch()).isEqualTo(32);
        assertThat(config.intraOpThreads()).isPositive();
        assertThat(config.requestLog()).isFalse();
        assertThat(config.maxBatchTime()).isEqualTo(Duration.ofMillis(10));
        BatchCosts heavy = new BatchCosts(java.util.Map.of(1, 3.0, 4, 9.0));
        assertThat(config.toBuilder().maxBatch(1).build().batching(heavy).maxBatch()).isEqualTo(1);
        assertThat(config.batching(heavy).maxBatch()).isEqualTo(4);
        assertThat(config.toBuilder().maxBatchTime(Duration.ofMillis(2)).build().batching(heavy).maxBatch())
                .isEqualTo(1);
    }

    @Test
    void aWrongValueIsRefusedWithAnExactMessage() {
        assertThatThrownBy(() -> ServerConfig.builder().port(70_000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.builder().grpcPort(-1).build())
                .hasMessage("gRPC port must be in 0..65535 (0: any free port), got -1");
        assertThatThrownBy(() -> ServerConfig.builder().port(9000).grpcPort(9000).build())
                .hasMessage("the gRPC port must differ from the HTTP port 9000");
        assertThat(ServerConfig.builder().port(0).grpcPort(0).build().grpcPort()).hasValue(0);
        assertThat(ServerConfig.builder().grpcPort(9001).noGrpc().build().grpcPort()).isEmpty();
        assertThatThrownBy(() -> ServerConfig.builder().policy("oracle").build())
                .hasMessageContaining("unknown policy 'oracle'");
        assertThatThrownBy(() -> ServerConfig.builder().maxBatch(0).build()).hasMessageContaining("max batch");
        assertThatThrownBy(() -> ServerConfig.builder().queueCapacity(0).build()).hasMessageContaining("capacity");
        assertThatThrownBy(() -> ServerConfig.builder().maxQueueDelay(Duration.ofMillis(-1)).build())
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> ServerConfig.builder().maxBatchTime(Duration.ZERO).build())
                .hasMessageContaining("max batch time must be positive");
    }
}
