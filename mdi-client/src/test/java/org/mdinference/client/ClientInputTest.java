package org.mdinference.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientInputTest {

    @Test
    void anInputIsACopyOfWhatItWasGiven() {
        byte[] png = {1, 2, 3};
        ClientInput image = ClientInput.image(png);
        png[0] = 9;
        image.image()[1] = 9;
        assertThat(image.image()).containsExactly(1, 2, 3);
        assertThat(image.kind()).isEqualTo(ClientInput.Kind.IMAGE);

        float[] values = {1, 2};
        ClientInput tensor = ClientInput.tensor(values, 1, 2);
        values[0] = 7;
        assertThat(tensor.values()).containsExactly(1, 2);
        assertThat(tensor.shape()).containsExactly(1, 2);
    }

    @Test
    void refusesWhatCannotBeOneItem() {
        assertThatThrownBy(() -> ClientInput.image(new byte[0])).hasMessageContaining("at least one byte");
        assertThatThrownBy(() -> ClientInput.tensor(new float[4], 2, 2)).hasMessageContaining("batch dimension 1");
        assertThatThrownBy(() -> ClientInput.tensor(new float[4], 1, 0, 4)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ClientInput.tensor(new float[5], 1, 2, 2))
                .hasMessage("shape [1, 2, 2] holds 4 values, got 5");
    }

    @Test
    void askingAnImageForItsTensorSaysWhatItIs() {
        assertThatThrownBy(() -> ClientInput.image(new byte[1]).values()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an image, not a tensor");
        assertThatThrownBy(() -> ClientInput.tensor(new float[1], 1).image())
                .hasMessageContaining("a tensor, not an image");
    }
}
