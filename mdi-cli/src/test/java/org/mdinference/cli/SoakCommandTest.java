package org.mdinference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SoakCommandTest {

    @Test
    void helpExplainsTheLoadAndWhatFailsIt() {
        StringWriter out = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "soak", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--duration", "--capacity", "--burst-factor", "--hang-ms",
                "--max-in-flight", "--thread-slack", "--heap-slack-mb", "lost", "hung", "503", "400",
                "docs/reliability.md");
    }

    @Test
    void aSoakTooShortForItsWindowsIsRefusedBeforeAnyRequest() {
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "soak", "--url",
                "http://127.0.0.1:9", "--duration", "10");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("give at least 16 s");
    }
}
