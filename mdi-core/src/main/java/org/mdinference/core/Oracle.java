package org.mdinference.core;

/**
 * The upper bound no real policy can reach: it knows each request's true network time and the true time every
 * model would take on it, and picks the most accurate model that really arrives by the deadline; when none can,
 * the one that arrives first. Only a simulator, which draws those times before deciding, can run it.
 */
public final class Oracle {

    private Oracle() {
    }

    /**
     * @param networkMs   the request's true upload plus return time
     * @param inferenceMs the true inference time of each model, indexed as {@link Zoo#models()}
     * @return the index in {@link Zoo#models()} of the chosen model
     */
    public static int select(Zoo zoo, double slaMs, double networkMs, double[] inferenceMs) {
        if (inferenceMs.length != zoo.size()) {
            throw new IllegalArgumentException(
                    "need one inference time per model: " + zoo.size() + ", got " + inferenceMs.length);
        }
        int best = -1;
        int first = 0;
        for (int i = 0; i < inferenceMs.length; i++) {
            double latency = networkMs + inferenceMs[i];
            if (latency <= slaMs && (best < 0 || zoo.models().get(i).accuracy() > zoo.models().get(best).accuracy())) {
                best = i;
            }
            if (inferenceMs[i] < inferenceMs[first]) {
                first = i;
            }
        }
        return best >= 0 ? best : first;
    }
}
