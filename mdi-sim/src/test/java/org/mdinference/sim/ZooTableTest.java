package org.mdinference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import org.mdinference.core.Model;
import org.junit.jupiter.api.Test;

class ZooTableTest {

    @Test
    void theBundledPaperZoosHaveTwentyThreeModels() {
        ZooTable gpu = ZooTable.load("paper-gpu");
        assertThat(gpu.zoo().size()).isEqualTo(23);
        Model v4 = gpu.zoo().model("inception_v4").orElseThrow();
        assertThat(v4.accuracy()).isCloseTo(0.801, within(1e-12));
        assertThat(v4.latency().meanMs()).isEqualTo(59.2139463425);
        assertThat(ZooTable.load("paper-cpu").zoo().model("inception_v4").orElseThrow().latency().meanMs())
                .isEqualTo(540.745566368);
    }

    @Test
    void findsColumnsByNameAndReadsFractionsAndTheDeviceFlag() {
        ZooTable table = ZooTable.read(new StringReader("""
                latency_std_ms,model,extra,latency_mean_ms,top1,on_device
                0.1,tiny,x,0.05,0.84,true
                2,big,y,20,0.93,false
                """), "test");
        assertThat(table.zoo().mostAccurate().name()).isEqualTo("big");
        assertThat(table.zoo().model("tiny").orElseThrow().accuracy()).isEqualTo(0.84);
        assertThat(table.onDevice()).contains("tiny");
    }

    @Test
    void errorsNameTheFileLineAndValue() {
        assertThatThrownBy(() -> ZooTable.read(new StringReader("model,top1_percent\n"), "z.csv"))
                .hasMessageContaining("z.csv needs the columns");
        assertThatThrownBy(() -> ZooTable.read(new StringReader(
                "model,top1_percent,latency_mean_ms,latency_std_ms\na,fast,1,0\n"), "z.csv"))
                .hasMessage("z.csv line 2: 'fast' is not a number");
        assertThatThrownBy(() -> ZooTable.read(new StringReader(
                "model,top1_percent,latency_mean_ms,latency_std_ms\na,140,1,0\n"), "z.csv"))
                .hasMessageContaining("z.csv line 2: accuracy of a must be a fraction in [0, 1], got 1.4");
        assertThatThrownBy(() -> ZooTable.load("/no/such/zoo.csv"))
                .hasMessageContaining("/no/such/zoo.csv");
    }
}
