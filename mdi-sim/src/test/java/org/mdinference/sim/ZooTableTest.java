package org.mdinference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.nio.file.Path;
import org.mdinference.core.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aProfileWithBatchSizesContributesItsBatchOneRows() {
        ZooTable table = ZooTable.read(new StringReader("""
                model,batch,threads,latency_mean_ms,latency_std_ms,p50_ms,p99_ms,top1,on_device
                mlp,1,1,0.04,0.01,0.04,0.07,0.85,true
                mlp,2,1,0.06,0.01,0.06,0.09,0.85,true
                resnet,1,1,16,0.8,15.9,18,0.93,false
                resnet,2,1,30,1.1,29.9,33,0.93,false
                """), "profile.csv");
        assertThat(table.zoo().models()).extracting(Model::name).containsExactly("mlp", "resnet");
        assertThat(table.zoo().model("resnet").orElseThrow().latency().meanMs()).isEqualTo(16.0);
        assertThat(table.onDevice()).contains("mlp");
    }

    @Test
    void aZooFolderWithoutAProfileSaysHowToMakeOne(@TempDir Path dir) {
        assertThatThrownBy(() -> ZooTable.load(dir.toString()))
                .hasMessage("zoo folder " + dir + " has no profile.csv: run 'mdi zoo profile --zoo " + dir + "' first");
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
