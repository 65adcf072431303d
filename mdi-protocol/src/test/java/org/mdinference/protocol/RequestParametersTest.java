package org.mdinference.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The zoo's request parameters: read from a request's JSON values, checked, and the symmetric rule. */
class RequestParametersTest {

    private static Map<String, Object> parameters(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void readsEveryParameterAndIgnoresOthers() {
        RequestParameters read = RequestParameters.read(parameters("sla_ms", 80, "elapsed_ms", 3.25, "return_ms", 1.5,
                "policy", "greedy", "min_accuracy", 0.9, "binary_data_output", true));
        assertThat(read).isEqualTo(RequestParameters.of(80).withElapsedMs(3.25).withReturnMs(1.5)
                .withPolicy("greedy").withMinAccuracy(0.9));
        assertThat(read.returnOrElapsedMs()).isEqualTo(1.5);
    }

    @Test
    void withoutReturnMsTheServerCountsTheUploadTwice() {
        RequestParameters read = RequestParameters.read(parameters("sla_ms", 50, "elapsed_ms", 7L));
        assertThat(read.returnMs()).isEmpty();
        assertThat(read.returnOrElapsedMs()).isEqualTo(7.0);
        assertThat(read.policy()).isEmpty();
        assertThat(read.minAccuracy()).isEmpty();
        assertThat(RequestParameters.read(parameters("sla_ms", 50)).elapsedMs()).isZero();
    }

    @Test
    void everyWrongValueIsRefusedNamingItsParameter() {
        expectRefused(parameters(), "needs the parameter sla_ms");
        expectRefused(parameters("sla_ms", "50"), "the parameter sla_ms must be a number, got 50");
        expectRefused(parameters("sla_ms", 0), "sla_ms must be a positive number of ms, got 0.0");
        expectRefused(parameters("sla_ms", Double.NaN), "sla_ms must be a number, got NaN");
        expectRefused(parameters("sla_ms", 50, "elapsed_ms", -1), "elapsed_ms must be a non-negative number of ms");
        expectRefused(parameters("sla_ms", 50, "return_ms", -0.5), "return_ms must be a non-negative number of ms");
        expectRefused(parameters("sla_ms", 50, "policy", 3), "the parameter policy must be a string, got 3");
        expectRefused(parameters("sla_ms", 50, "policy", "oracle"), "unknown policy 'oracle' (known: mdinference,"
                + " expected-accuracy, greedy, static-accuracy, static-latency, random)");
        expectRefused(parameters("sla_ms", 50, "min_accuracy", 93.5), "min_accuracy is a top-1 accuracy in [0, 1],"
                + " got 93.5");
        expectRefused(parameters("sla_ms", 50, "return_quantiles_ms", 20), "the parameter return_quantiles_ms must"
                + " be a string of comma-separated ms, got 20");
        expectRefused(parameters("sla_ms", 50, "return_quantiles_ms", "20,,30"), "got '20,,30'");
        expectRefused(parameters("sla_ms", 50, "return_quantiles_ms", "20,-1"), "return_quantiles_ms must be a"
                + " non-negative number of ms, got -1.0");
        expectRefused(parameters("sla_ms", 50, "return_quantiles_ms", "1" + ",1".repeat(64)),
                "return_quantiles_ms holds 65 times; send at most 64");
    }

    @Test
    void theReturnTripsTravelAsOneStringAndReadBack() {
        RequestParameters sent = RequestParameters.of(150).withReturnQuantilesMs(20, 21.5, 544);
        assertThat(RequestParameters.read(parameters("sla_ms", 150, "return_quantiles_ms", "20, 21.5,544")))
                .isEqualTo(sent);
        assertThat(sent.returnQuantilesMs()).containsExactly(20, 21.5, 544);
        assertThat(RequestParameters.of(150).returnQuantilesMs()).isEmpty();
    }

    private static void expectRefused(Map<String, Object> parameters, String message) {
        assertThatThrownBy(() -> RequestParameters.read(parameters)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void policyNamesAreCheckedInOnePlace() {
        assertThat(PolicyNames.check("static-latency")).isEqualTo("static-latency");
        assertThatThrownBy(() -> PolicyNames.check("fastest")).hasMessage("unknown policy 'fastest' (known:"
                + " mdinference, expected-accuracy, greedy, static-accuracy, static-latency, random)");
        assertThatThrownBy(() -> PolicyNames.check("oracle", java.util.Arrays.asList("random", "oracle2")))
                .hasMessage("unknown policy 'oracle' (known: random, oracle2)");
    }
}
