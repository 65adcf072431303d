package org.mdinference.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.sim.ResultRow;

class ResultsCsvTest {

    @TempDir
    Path dir;

    private static ResultRow row(String network, double slaMs) {
        return new ResultRow(network, "mdinference", slaMs, 1000, 0.7512, 0.99, 0.125, 101.25, 249.5, 0.8,
                Map.of("resnet50", 875));
    }

    @Test
    void writesTheFixedHeaderAndFormats() throws IOException {
        Path file = dir.resolve(ResultsCsv.FILE_NAME);
        ResultsCsv.write(file, List.of(row("3G", 250), row("wifi", 12.5)));

        assertThat(Files.readAllLines(file)).containsExactly(
                "network,policy,sla_ms,requests,aggregate_accuracy,sla_attainment,on_device_reliance,"
                        + "mean_latency_ms,p99_latency_ms,oracle_accuracy",
                "3G,mdinference,250,1000,0.7512,0.9900,0.1250,101.25,249.50,0.8000",
                "wifi,mdinference,12.5,1000,0.7512,0.9900,0.1250,101.25,249.50,0.8000");
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        Path file = dir.resolve(ResultsCsv.FILE_NAME);
        List<ResultRow> rows = List.of(row("3G", 250), row("wifi", 12.5));
        ResultsCsv.write(file, rows);

        assertThat(ResultsCsv.read(file)).containsExactly(
                rows.stream().map(r -> new ResultRow(r.network(), r.policy(), r.slaMs(), r.requests(),
                        r.aggregateAccuracy(), r.slaAttainment(), r.onDeviceReliance(), r.meanLatencyMs(),
                        r.p99LatencyMs(), r.oracleAccuracy(), Map.of())).toArray(ResultRow[]::new));
    }

    @Test
    void quotesNamesWithCommasQuotesAndLineBreaks() throws IOException {
        Path file = dir.resolve(ResultsCsv.FILE_NAME);
        String network = "LTE, \"good\" signal\nlab";
        ResultsCsv.write(file, List.of(row(network, 100)));

        assertThat(Files.readString(file)).contains("\n\"LTE, \"\"good\"\" signal\nlab\",mdinference,100,");
        assertThat(ResultsCsv.read(file)).singleElement().extracting(ResultRow::network).isEqualTo(network);
    }

    @Test
    void readsCrlfLineEndings() throws IOException {
        Path file = dir.resolve(ResultsCsv.FILE_NAME);
        Files.writeString(file, ResultsCsv.HEADER + "\r\nwifi,greedy,100,10,0.5,1,0,20,30,0.6\r\n");

        assertThat(ResultsCsv.read(file)).singleElement()
                .extracting(ResultRow::policy, ResultRow::slaMs, ResultRow::p99LatencyMs)
                .containsExactly("greedy", 100.0, 30.0);
    }

    @Test
    void rejectsAnotherHeader() throws IOException {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "network,policy\nwifi,greedy\n");

        assertThatThrownBy(() -> ResultsCsv.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": header must be '" + ResultsCsv.HEADER + "' but is 'network,policy'");
    }

    @Test
    void rejectsARecordWithMissingFields() throws IOException {
        Path file = dir.resolve(ResultsCsv.FILE_NAME);
        Files.writeString(file, ResultsCsv.HEADER + "\nwifi,greedy,100\n");

        assertThatThrownBy(() -> ResultsCsv.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": record 2 has 3 fields, expected 10");
    }

    @Test
    void rejectsANumberThatDoesNotParse() throws IOException {
        Path file = dir.resolve(ResultsCsv.FILE_NAME);
        Files.writeString(file, ResultsCsv.HEADER + "\nwifi,greedy,100,ten,0.5,1,0,20,30,0.6\n");

        assertThatThrownBy(() -> ResultsCsv.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": record 2: For input string: \"ten\"");
    }
}
