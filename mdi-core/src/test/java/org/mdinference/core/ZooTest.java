package org.mdinference.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZooTest {

    private final Zoo zoo = new Zoo(List.of(
            new Model("small", 0.41, 4, 0.2),
            new Model("mid", 0.70, 46, 0.2),
            new Model("big", 0.80, 540, 2)));

    @Test
    void knowsItsExtremes() {
        assertThat(zoo.fastest().name()).isEqualTo("small");
        assertThat(zoo.mostAccurate().name()).isEqualTo("big");
    }

    @Test
    void dropsAndPicksModelsByName() {
        assertThat(zoo.without("small").models()).extracting(Model::name).containsExactly("mid", "big");
        assertThat(zoo.only(List.of("big", "small")).models()).extracting(Model::name).containsExactly("big", "small");
        assertThatThrownBy(() -> zoo.without("nope")).hasMessage("no model named nope in the zoo");
    }

    @Test
    void keepsOnlyTheModelsMoreAccurateThanADevice() {
        assertThat(zoo.moreAccurateThan(zoo.models().get(1).accuracy()).orElseThrow().models())
                .extracting(Model::name).containsExactly("big");
        assertThat(zoo.moreAccurateThan(0).orElseThrow().models()).hasSize(3);
        assertThat(zoo.moreAccurateThan(zoo.mostAccurate().accuracy())).isEmpty();
    }

    @Test
    void aFilterThatKeepsEveryModelKeepsThisVeryZoo() {
        assertThat(zoo.where(m -> true)).containsSame(zoo);
        assertThat(zoo.where(m -> m.latency().meanMs() < 50).orElseThrow().models()).extracting(Model::name)
                .containsExactly("small", "mid");
    }

    @Test
    void refusesDuplicatesAndEmptiness() {
        assertThatThrownBy(() -> new Zoo(List.of())).hasMessageContaining("at least one");
        Model m = new Model("a", 0.5, 1, 0);
        assertThatThrownBy(() -> new Zoo(List.of(m, m))).hasMessage("model a appears twice in the zoo");
    }

    @Test
    void mdinferenceKeepsAMarginOfGammaDeviations() {
        // remaining = 200 - 2*50 = 100 ms: mid fits, big does not
        assertThat(new MDInferencePolicy().select(zoo, Budget.assumingSymmetricReturn(200, 50)).name()).isEqualTo("mid");
        // remaining 46.1: mu + sigma = 46.2 misses with gamma 1, fits with gamma 0
        Budget tight = new Budget(46.1, 0, 0);
        assertThat(new MDInferencePolicy(1).select(zoo, tight).name()).isEqualTo("small");
        assertThat(new MDInferencePolicy(0).select(zoo, tight).name()).isEqualTo("mid");
        // nothing fits: the fastest
        assertThat(new MDInferencePolicy().select(zoo, Budget.assumingSymmetricReturn(50, 40)).name()).isEqualTo("small");
    }

    @Test
    void unknownPolicyNamesTheKnownOnes() {
        assertThatThrownBy(() -> Policies.create("fastest", 1))
                .hasMessage("unknown policy 'fastest' (known: mdinference, expected-accuracy, greedy, static-accuracy,"
                        + " static-latency, random)");
    }
}
