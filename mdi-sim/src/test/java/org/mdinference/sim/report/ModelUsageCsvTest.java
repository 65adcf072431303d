package org.mdinference.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.sim.ResultRow;

class ModelUsageCsvTest {

    @Test
    void writesOneLinePerModelThatAnswered(@TempDir Path dir) throws IOException {
        Map<String, Integer> usage = new LinkedHashMap<>();
        usage.put("mobilenet", 120);
        usage.put("vgg16", 0);
        usage.put("resnet50", 880);
        Path file = dir.resolve(ModelUsageCsv.FILE_NAME);
        ModelUsageCsv.write(file, List.of(
                new ResultRow("home, 5G", "greedy", 150, 1000, 0.7, 1, 0.12, 90, 140, 0.75, usage)));

        assertThat(Files.readAllLines(file)).containsExactly(
                "network,policy,sla_ms,model,requests",
                "\"home, 5G\",greedy,150,mobilenet,120",
                "\"home, 5G\",greedy,150,resnet50,880");
    }
}
