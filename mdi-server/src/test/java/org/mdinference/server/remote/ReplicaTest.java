package org.mdinference.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.mdinference.onnx.ModelEndpoint;

/** What each kind of failure says of an endpoint's health. */
class ReplicaTest {

    private final List<String> log = new ArrayList<>();
    private final Replica replica = Replica.verified("m", new RestTransport(
            ModelEndpoint.parse("http://127.0.0.1:1/v2/models/m"), new OkHttpClient()), true, 10, log::add);

    private static RemoteCallException failure(RemoteCallException.Kind kind) {
        return new RemoteCallException(kind, kind.name());
    }

    @Test
    void threeFailuresInARowTakeItOutAndASuccessClearsThem() {
        replica.failed(failure(RemoteCallException.Kind.FAILED), 100);
        replica.failed(failure(RemoteCallException.Kind.TIMED_OUT), 100);
        assertThat(replica.inRotation()).isTrue();
        replica.failed(failure(RemoteCallException.Kind.LATE), 100);

        assertThat(replica.inRotation()).isFalse();
        assertThat(log).singleElement().asString().contains("left the choices: 3 failures in a row, the last: LATE");
        replica.readmit(12);
        assertThat(replica.inRotation()).isTrue();
        assertThat(replica.expectedFinishMs()).isEqualTo(12);
    }

    @Test
    void anUnreachableEndpointLeavesAtOnceARefusalSaysNothing() {
        replica.failed(failure(RemoteCallException.Kind.REFUSED), 100);
        replica.failed(failure(RemoteCallException.Kind.REFUSED), 100);
        replica.failed(failure(RemoteCallException.Kind.REFUSED), 100);
        assertThat(replica.inRotation()).isTrue();

        replica.failed(failure(RemoteCallException.Kind.UNREACHABLE), 100);
        assertThat(replica.inRotation()).isFalse();
    }

    @Test
    void aCallGivenLessThanAFairChanceDoesNotCountAgainstIt() {
        // its round trip is 10 ms: a call given 30 ms that ran out says more of its request's budget than of it
        for (int i = 0; i < 10; i++) {
            replica.failed(failure(RemoteCallException.Kind.TIMED_OUT), 30);
        }
        assertThat(replica.inRotation()).isTrue();
        for (int i = 0; i < 3; i++) {
            replica.failed(failure(RemoteCallException.Kind.TIMED_OUT), 40);
        }
        assertThat(replica.inRotation()).isFalse();
    }
}
