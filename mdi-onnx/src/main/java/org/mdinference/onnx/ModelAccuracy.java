package org.mdinference.onnx;

/** How many of a labelled set's images a model classified right (its top-1 class was the label). */
public record ModelAccuracy(String model, int correct, int total) {

    public ModelAccuracy {
        if (total < 1 || correct < 0 || correct > total) {
            throw new IllegalArgumentException("accuracy of " + model + " needs 0 <= correct <= total and total >= 1,"
                    + " got " + correct + " of " + total);
        }
    }

    /** The fraction classified right. */
    public double top1() {
        return (double) correct / total;
    }
}
