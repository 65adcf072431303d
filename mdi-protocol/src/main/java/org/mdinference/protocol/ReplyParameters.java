package org.mdinference.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The {@code parameters} of an inference reply (docs/protocol.md): what the server measured of a request that a
 * model ran ({@code queue_ms}, {@code inference_ms}, {@code batch_size}, {@code server_ms}), and for the zoo what it
 * decided ({@code model}, {@code outcome}, {@code policy}, {@code budget_ms}, {@code expected_queue_ms}, then
 * {@code within_budget} or {@code expected_finish_ms}, {@code rerouted_from}, and for a member that ran
 * {@code arrival_chance} and {@code expected_accuracy}). The server builds one per reply
 * ({@link #builder}); the SDK and the load generator {@link #read} it. Every value is optional, as on the wire: a
 * member's reply has no zoo values, and a plain OIP server's reply has none at all ({@link #NONE}). Immutable.
 */
public final class ReplyParameters {

    /** A reply without parameters. */
    public static final ReplyParameters NONE = builder().build();

    private final Optional<String> reroutedFrom;
    private final Optional<String> model;
    private final Optional<ZooOutcome> outcome;
    private final Optional<String> policy;
    private final OptionalDouble budgetMs;
    private final OptionalDouble expectedQueueMs;
    private final OptionalDouble expectedFinishMs;
    private final OptionalDouble queueMs;
    private final OptionalDouble inferenceMs;
    private final OptionalInt batchSize;
    private final OptionalDouble serverMs;
    private final Optional<Boolean> withinBudget;
    private final OptionalDouble arrivalChance;
    private final OptionalDouble expectedAccuracy;

    private ReplyParameters(Builder b) {
        this.reroutedFrom = Optional.ofNullable(b.reroutedFrom);
        this.model = Optional.ofNullable(b.model);
        this.outcome = Optional.ofNullable(b.outcome);
        this.policy = Optional.ofNullable(b.policy);
        this.budgetMs = optional(b.budgetMs);
        this.expectedQueueMs = optional(b.expectedQueueMs);
        this.expectedFinishMs = optional(b.expectedFinishMs);
        this.queueMs = optional(b.queueMs);
        this.inferenceMs = optional(b.inferenceMs);
        this.batchSize = b.batchSize == null ? OptionalInt.empty() : OptionalInt.of(b.batchSize);
        this.serverMs = optional(b.serverMs);
        this.withinBudget = Optional.ofNullable(b.withinBudget);
        this.arrivalChance = optional(b.arrivalChance);
        this.expectedAccuracy = optional(b.expectedAccuracy);
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The member first chosen, when its queue reached the request too late and a second decision was made. */
    public Optional<String> reroutedFrom() {
        return reroutedFrom;
    }

    /** The member that answered the zoo's request; empty when none did, or in a member's own reply. */
    public Optional<String> model() {
        return model;
    }

    /** What the zoo did; empty in a member's own reply. */
    public Optional<ZooOutcome> outcome() {
        return outcome;
    }

    /** The policy that chose. */
    public Optional<String> policy() {
        return policy;
    }

    /** The request's budget: {@code sla_ms - elapsed_ms - return_ms}. */
    public OptionalDouble budgetMs() {
        return budgetMs;
    }

    /** The chosen member's expected queue wait at the decision. */
    public OptionalDouble expectedQueueMs() {
        return expectedQueueMs;
    }

    /** When no model fits: the pick's expected queue wait plus mean latency. */
    public OptionalDouble expectedFinishMs() {
        return expectedFinishMs;
    }

    /** From admission to the start of the request's batch. */
    public OptionalDouble queueMs() {
        return queueMs;
    }

    /** That batch's run. */
    public OptionalDouble inferenceMs() {
        return inferenceMs;
    }

    /** Items in that batch, this request's and others'. */
    public OptionalInt batchSize() {
        return batchSize;
    }

    /** The server's own time on the request: a device takes the round trip less this as its network time. */
    public OptionalDouble serverMs() {
        return serverMs;
    }

    /** Whether a served zoo request took no longer than its budget, by the server's clock. */
    public Optional<Boolean> withinBudget() {
        return withinBudget;
    }

    /**
     * The chance, at the decision, that the chosen member's answer reaches the device by the deadline: its run, its
     * queue's wait and the return trip, as the server knows their distributions.
     */
    public OptionalDouble arrivalChance() {
        return arrivalChance;
    }

    /**
     * The accuracy the device could expect of the chosen member at the decision: {@code arrival_chance x top1 + (1
     * - arrival_chance) x min_accuracy} when the request named the device's accuracy, else {@code arrival_chance x
     * top1}.
     */
    public OptionalDouble expectedAccuracy() {
        return expectedAccuracy;
    }

    /**
     * The parameters by their wire names, in the order they are written; {@code model} is null (JSON null) in a zoo
     * reply that no member answered.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, OipNames.REROUTED_FROM, reroutedFrom);
        if (model.isPresent() || outcome.isPresent()) {
            map.put(OipNames.MODEL, model.orElse(null));
        }
        if (outcome.isPresent()) {
            map.put(OipNames.OUTCOME, outcome.get().wireName());
        }
        put(map, OipNames.POLICY, policy);
        put(map, OipNames.BUDGET_MS, budgetMs);
        put(map, OipNames.EXPECTED_QUEUE_MS, expectedQueueMs);
        put(map, OipNames.EXPECTED_FINISH_MS, expectedFinishMs);
        put(map, OipNames.QUEUE_MS, queueMs);
        put(map, OipNames.INFERENCE_MS, inferenceMs);
        if (batchSize.isPresent()) {
            map.put(OipNames.BATCH_SIZE, batchSize.getAsInt());
        }
        put(map, OipNames.SERVER_MS, serverMs);
        put(map, OipNames.WITHIN_BUDGET, withinBudget);
        put(map, OipNames.ARRIVAL_CHANCE, arrivalChance);
        put(map, OipNames.EXPECTED_ACCURACY, expectedAccuracy);
        return map;
    }

    private static void put(Map<String, Object> map, String name, Optional<?> value) {
        if (value.isPresent()) {
            map.put(name, value.get());
        }
    }

    private static void put(Map<String, Object> map, String name, OptionalDouble value) {
        if (value.isPresent()) {
            map.put(name, value.getAsDouble());
        }
    }

    /**
     * Reads a reply's {@code parameters}: the object the parser stands on, to its end. A value of an unexpected
     * type, and a parameter of another name, are skipped: a reply from another server teaches what it can.
     *
     * @throws IOException when the JSON is malformed, or the {@code outcome} is neither of {@link ZooOutcome}'s
     */
    public static ReplyParameters read(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("a reply's parameters must be a JSON object, got " + parser.currentToken());
        }
        Builder read = builder();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                readText(read, field, parser.getText());
            } else if (value != null && value.isNumeric()) {
                readNumber(read, field, parser);
            } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                if (field.equals(OipNames.WITHIN_BUDGET)) {
                    read.withinBudget(value == JsonToken.VALUE_TRUE);
                }
            } else {
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("a reply's parameters end in " + parser.currentToken());
        }
        return read.build();
    }

    private static void readText(Builder read, String field, String text) throws IOException {
        if (field.equals(OipNames.MODEL)) {
            read.model(text);
        } else if (field.equals(OipNames.POLICY)) {
            read.policy(text);
        } else if (field.equals(OipNames.REROUTED_FROM)) {
            read.reroutedFrom(text);
        } else if (field.equals(OipNames.OUTCOME)) {
            for (ZooOutcome known : ZooOutcome.values()) {
                if (known.wireName().equals(text)) {
                    read.outcome(known);
                    return;
                }
            }
            throw new IOException("the reply's outcome is \"" + text + "\", neither "
                    + ZooOutcome.SERVED.wireName() + " nor " + ZooOutcome.NO_MODEL_FITS.wireName());
        }
    }

    private static void readNumber(Builder read, String field, JsonParser parser) throws IOException {
        if (field.equals(OipNames.BATCH_SIZE)) {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                read.batchSize(parser.getIntValue());
            }
            return;
        }
        double value = parser.getDoubleValue();
        if (field.equals(OipNames.BUDGET_MS)) {
            read.budgetMs(value);
        } else if (field.equals(OipNames.EXPECTED_QUEUE_MS)) {
            read.expectedQueueMs(value);
        } else if (field.equals(OipNames.EXPECTED_FINISH_MS)) {
            read.expectedFinishMs(value);
        } else if (field.equals(OipNames.QUEUE_MS)) {
            read.queueMs(value);
        } else if (field.equals(OipNames.INFERENCE_MS)) {
            read.inferenceMs(value);
        } else if (field.equals(OipNames.SERVER_MS)) {
            read.serverMs(value);
        } else if (field.equals(OipNames.ARRIVAL_CHANCE)) {
            read.arrivalChance(value);
        } else if (field.equals(OipNames.EXPECTED_ACCURACY)) {
            read.expectedAccuracy(value);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReplyParameters && toMap().equals(((ReplyParameters) other).toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "ReplyParameters" + toMap();
    }

    /** Collects a reply's parameters as the server learns them; each setter replaces an earlier value. */
    public static final class Builder {
        private String reroutedFrom;
        private String model;
        private ZooOutcome outcome;
        private String policy;
        private Double budgetMs;
        private Double expectedQueueMs;
        private Double expectedFinishMs;
        private Double queueMs;
        private Double inferenceMs;
        private Integer batchSize;
        private Double serverMs;
        private Boolean withinBudget;
        private Double arrivalChance;
        private Double expectedAccuracy;

        private Builder() {
        }

        public Builder reroutedFrom(String member) {
            this.reroutedFrom = member;
            return this;
        }

        public Builder model(String member) {
            this.model = member;
            return this;
        }

        public Builder outcome(ZooOutcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        public Builder budgetMs(double ms) {
            this.budgetMs = ms;
            return this;
        }

        public Builder expectedQueueMs(double ms) {
            this.expectedQueueMs = ms;
            return this;
        }

        public Builder expectedFinishMs(double ms) {
            this.expectedFinishMs = ms;
            return this;
        }

        public Builder queueMs(double ms) {
            this.queueMs = ms;
            return this;
        }

        public Builder inferenceMs(double ms) {
            this.inferenceMs = ms;
            return this;
        }

        public Builder batchSize(int items) {
            this.batchSize = items;
            return this;
        }

        public Builder serverMs(double ms) {
            this.serverMs = ms;
            return this;
        }

        public Builder withinBudget(boolean within) {
            this.withinBudget = within;
            return this;
        }

        public Builder arrivalChance(double chance) {
            this.arrivalChance = chance;
            return this;
        }

        public Builder expectedAccuracy(double accuracy) {
            this.expectedAccuracy = accuracy;
            return this;
        }

        public ReplyParameters build() {
            return new ReplyParameters(this);
        }
    }
}
