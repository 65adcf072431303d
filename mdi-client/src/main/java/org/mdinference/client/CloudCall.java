package org.mdinference.client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * One cloud call in flight. Its end comes on an OkHttp thread: it reads the reply (bounded: a broken server must not
 * fill the device's memory), tells the request's {@link Race} what came, and lets the {@link CloudSender} learn from
 * it, even when it comes after the answer was given: a late reply is a real observation of the network.
 */
final class CloudCall implements Callback {

    /** A reply of one item's logits is well under a kilobyte; anything near this is not one. */
    static final long MAX_REPLY_BYTES = 1 << 20;

    private static final int IN_FLIGHT = 0;
    private static final int KEPT_LATE = 1;
    private static final int ENDED = 2;

    private final AtomicInteger state = new AtomicInteger(IN_FLIGHT);
    private final Call call;
    private final Race race;
    private final Transfer transfer;
    private final int payloadBytes;
    private final CloudSender sender;
    /** When the call was sent, ms after its request started. */
    private final double sentMs;
    /** The {@code elapsed_ms} the server was told, ms after the request started; NaN when no upload was predicted. */
    private final double toldElapsedMs;

    CloudCall(Call call, Race race, Transfer transfer, int payloadBytes, CloudSender sender, double sentMs,
              double toldElapsedMs) {
        this.call = call;
        this.race = race;
        this.transfer = transfer;
        this.payloadBytes = payloadBytes;
        this.sender = sender;
        this.sentMs = sentMs;
        this.toldElapsedMs = toldElapsedMs;
    }

    /**
     * The request was answered without this call's reply. The call goes on for its late reply while the sender keeps
     * few others; else it is cancelled, so that a server that never replies cannot pile up calls, threads and
     * sockets.
     */
    void answeredWithoutIt() {
        if (state.get() != IN_FLIGHT) {
            return;
        }
        if (!sender.keepLateCall()) {
            call.cancel();
        } else if (!state.compareAndSet(IN_FLIGHT, KEPT_LATE)) {
            // it ended meanwhile
            sender.lateCallEnded();
        }
    }

    private void ended() {
        if (state.getAndSet(ENDED) == KEPT_LATE) {
            sender.lateCallEnded();
        }
    }

    @Override
    public void onFailure(Call failed, IOException e) {
        ended();
        race.cloudFailed(race.now(), CloudOutcome.Status.FAILED, describe(e));
    }

    @Override
    public void onResponse(Call answered, Response response) {
        ended();
        byte[] body;
        try (ResponseBody reply = response.body()) {
            body = read(reply);
        } catch (IOException e) {
            race.cloudFailed(race.now(), CloudOutcome.Status.FAILED, "reading the reply: " + describe(e));
            return;
        }
        double arrivedMs = race.now();
        double roundTripMs = arrivedMs - sentMs;
        if (!response.isSuccessful()) {
            race.cloudFailed(arrivedMs, CloudOutcome.Status.FAILED, "HTTP " + response.code() + ": "
                    + InferReply.error(body));
            return;
        }
        InferReply parsed;
        try {
            parsed = InferReply.parse(body);
        } catch (IOException e) {
            race.cloudFailed(arrivedMs, CloudOutcome.Status.FAILED, "not an inference reply: " + e.getMessage());
            return;
        }
        sender.learn(parsed, roundTripMs, arrivedMs - toldElapsedMs, transfer, payloadBytes);
        race.cloudReplied(arrivedMs, parsed);
    }

    /** A reply's body, bounded; empty when there is none. */
    static byte[] read(ResponseBody reply) throws IOException {
        if (reply == null) {
            return new byte[0];
        }
        BufferedSource source = reply.source();
        if (source.request(MAX_REPLY_BYTES + 1)) {
            throw new IOException("the reply is larger than " + MAX_REPLY_BYTES + " bytes");
        }
        return source.readByteArray();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
