package org.mdinference.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdinference.core.Answer;
import org.mdinference.core.ConfidenceGate;
import org.mdinference.core.DeadlineRule;
import org.mdinference.core.Decision;
import org.mdinference.core.Model;
import org.mdinference.core.Oracle;
import org.mdinference.core.Policies;
import org.mdinference.core.QueueWaits;
import org.mdinference.core.SelectionPolicy;
import org.mdinference.core.Zoo;
import org.mdinference.core.ZooBatching;
import org.mdinference.core.ZooDecider;
import org.mdinference.core.ZooRequest;
import org.mdinference.traces.Network;

/**
 * Replays one network's requests through every policy at every SLA: each request is decided by the server's own
 * decision ({@link ZooDecider}) from what the policy is allowed to know, the chosen model's drawn latency plus the
 * true network times give the cloud's arrival, and the deadline rule decides whose answer the app gets.
 *
 * <p>The requests are the paper's: one item each, no queues, no device accuracy named. Where the server would
 * answer "no model fits" (the pick's mean does not fit the budget), the paper has no admission: the request goes to
 * the policy's pick all the same ({@link Decision#model()}), and its answer counts if its drawn time arrives by the
 * SLA. That keeps the simulated figures the paper's while the choices are the server's.
 *
 * <p>Given images ({@link ImageDraws}), each request is one test image: an answer scores 1 when the model that gave
 * it got that image right, else 0, so the device's and the cloud's answers are right together or apart as they are
 * in life, rather than each counting its model's top-1. Without images an answer scores its model's top-1, the
 * paper's expectation. With images, a {@link ConfidenceGate} ({@link #gatedSweep}) lets the device answer alone,
 * sending nothing, when its model's confidence on the image is above the gate's threshold.
 */
public final class Simulator {

    /** The name under which the oracle's own rows are reported. */
    public static final String ORACLE = "oracle";
    /** Every policy a sweep knows, in report order. */
    public static final List<String> ALL_POLICIES = concat(Policies.NAMES, ORACLE);

    private final SimulationSettings settings;
    private final Optional<ImageDraws> images;
    private final Optional<ImageScores> scores;

    public Simulator(SimulationSettings settings) {
        this.settings = settings;
        this.images = Optional.empty();
        this.scores = Optional.empty();
    }

    /**
     * A simulator whose requests are images drawn from {@code images}.
     *
     * @throws IllegalArgumentException when the images' truth lacks a model of the pool or the device's
     */
    public Simulator(SimulationSettings settings, ImageDraws images) {
        this.settings = settings;
        this.images = Optional.of(images);
        this.scores = Optional.of(ImageScores.of(images.truth(), settings));
    }

    /** Called after each SLA point of a network, so long sweeps can show progress. */
    @FunctionalInterface
    public interface Progress {
        void advanced(String network, int pointsDone, int pointsTotal);
    }

    /** One row per (SLA, policy), SLAs in the order given, policies in the order given. */
    public List<ResultRow> sweep(Network network, List<String> policies, double[] slas, Progress progress) {
        List<ResultRow> rows = new ArrayList<>();
        for (GateRow row : sweep(network, policies, slas, Optional.empty(), progress)) {
            rows.add(row.row());
        }
        return rows;
    }

    /**
     * The sweep without and with the gate, on the very same requests (images, network and inference draws): per
     * SLA and policy, the row without the gate, then the row with it.
     *
     * @throws IllegalStateException when this simulator draws no images, or has no device model to answer alone
     */
    public List<GateRow> gatedSweep(Network network, List<String> policies, double[] slas, ConfidenceGate gate,
                                    Progress progress) {
        if (scores.isEmpty() || settings.device().isEmpty()) {
            throw new IllegalStateException("a confidence gate needs requests drawn as images and a device model");
        }
        return sweep(network, policies, slas, Optional.of(gate), progress);
    }

    private List<GateRow> sweep(Network network, List<String> policies, double[] slas, Optional<ConfidenceGate> gate,
                                Progress progress) {
        // an unknown name fails here, before a workload is drawn, not after the first SLA point
        policies.stream().filter(p -> !p.equals(ORACLE)).forEach(p -> Policies.create(p, 0));
        Workload workload = Workload.draw(network, settings, images);
        List<Optional<ConfidenceGate>> gates = gate.isPresent() ? List.of(Optional.empty(), gate) : List.of(gate);
        List<GateRow> rows = new ArrayList<>();
        for (int point = 0; point < slas.length; point++) {
            double sla = slas[point];
            List<Tally> oracles = new ArrayList<>();
            for (Optional<ConfidenceGate> g : gates) {
                oracles.add(runOracle(workload, sla, g));
            }
            for (String name : policies) {
                for (int g = 0; g < gates.size(); g++) {
                    Tally oracle = oracles.get(g);
                    Tally tally = name.equals(ORACLE)
                            ? oracle
                            : run(Policies.create(name, settings.seed() + point), workload, sla, gates.get(g));
                    rows.add(new GateRow(tally.toRow(network.name(), name, settings.pool(),
                            oracle.aggregateAccuracy()), gates.get(g).isPresent(), tally.cloudRequests()));
                }
            }
            progress.advanced(network.name(), point + 1, slas.length);
        }
        return rows;
    }

    private Tally run(SelectionPolicy policy, Workload workload, double sla, Optional<ConfidenceGate> gate) {
        Zoo pool = settings.pool();
        ZooDecider decider = new ZooDecider(policy, ZooBatching.SINGLE_ITEMS);
        Tally tally = new Tally(sla, workload.size(), pool.size());
        // a device that runs its own model says how accurate it is, as the SDK does
        Optional<Double> deviceAccuracy = settings.duplication() ? settings.device().map(Model::accuracy)
                : Optional.empty();
        for (int i = 0; i < workload.size(); i++) {
            if (answeredAlone(tally, workload, i, gate)) {
                continue;
            }
            ZooRequest request = new ZooRequest(sla, workload.network.uploadMs()[i], workload.believedReturnMs[i], 1,
                    deviceAccuracy, workload.believedReturns[i]);
            Decision decision = decider.decide(pool, request, 0, QueueWaits.NONE);
            record(tally, workload, i, pool.indexOf(decision.model()), sla);
        }
        return tally;
    }

    private Tally runOracle(Workload workload, double sla, Optional<ConfidenceGate> gate) {
        Zoo pool = settings.pool();
        Tally tally = new Tally(sla, workload.size(), pool.size());
        for (int i = 0; i < workload.size(); i++) {
            if (answeredAlone(tally, workload, i, gate)) {
                continue;
            }
            int chosen = Oracle.select(pool, sla, workload.network.roundTripMs(i), workload.inferenceMs[i]);
            record(tally, workload, i, chosen, sla);
        }
        return tally;
    }

    /** Whether the gate lets the device answer this request alone; if so, tallied as sent nowhere. */
    private boolean answeredAlone(Tally tally, Workload workload, int request, Optional<ConfidenceGate> gate) {
        if (gate.isEmpty()) {
            return false;
        }
        ImageScores score = scores.orElseThrow();
        int image = workload.image[request];
        if (!gate.get().answersOnDevice(score.deviceConfidence(image))) {
            return false;
        }
        tally.addAlone(new Answer(Answer.Source.DEVICE, workload.deviceMs[request]), score.device(image));
        return true;
    }

    private void record(Tally tally, Workload workload, int request, int model, double sla) {
        double cloudMs = workload.network.roundTripMs(request) + workload.inferenceMs[request][model];
        Answer answer = DeadlineRule.resolve(sla, cloudMs, workload.deviceMs[request], settings.duplication());
        double accuracy;
        if (scores.isPresent()) {
            int image = workload.image[request];
            accuracy = answer.fromCloud() ? scores.get().cloud(model, image) : scores.get().device(image);
        } else {
            accuracy = answer.fromCloud()
                    ? settings.pool().models().get(model).accuracy()
                    : settings.device().orElseThrow().accuracy();
        }
        tally.add(model, answer, accuracy);
    }

    private static List<String> concat(List<String> names, String last) {
        List<String> all = new ArrayList<>(names);
        all.add(last);
        return List.copyOf(all);
    }
}
