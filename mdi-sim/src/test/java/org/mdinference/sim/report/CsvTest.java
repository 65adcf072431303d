package org.mdinference.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void recordsKeepTheirFieldsAsWrittenAndTheLineTheyStartOn() throws IOException {
        List<Csv.Record> records = Csv.read(new StringReader(
                "a, b ,c\r\n\n   \n\t\n\"x,y\",\"say \"\"hi\"\"\",\n\"two\nlines\",z\n6,7"));

        assertThat(records).containsExactly(
                new Csv.Record(1, List.of("a", " b ", "c")),
                new Csv.Record(5, List.of("x,y", "say \"hi\"", "")),
                new Csv.Record(6, List.of("two\nlines", "z")),
                new Csv.Record(8, List.of("6", "7")));
    }

    @Test
    void whatTheWriterQuotesReadsBackTheSame() throws IOException {
        List<String> fields = List.of("paper:Home high-sigma", "a,b", "q\"uote", "line\nbreak", "");

        assertThat(Csv.read(new StringReader(Csv.line(fields)))).singleElement()
                .extracting(Csv.Record::fields).isEqualTo(fields);
    }

    @Test
    void aQuoteLeftOpenIsNotCsv() {
        assertThatThrownBy(() -> Csv.read(new StringReader("a,b\n\"open,1\n"))).isInstanceOf(IOException.class)
                .hasMessageContaining("Missing closing quote");
    }
}
