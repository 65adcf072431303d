package org.mdinference.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdinference.grpc.GRPCInferenceServiceGrpc;
import org.mdinference.grpc.ModelMetadataRequest;
import org.mdinference.grpc.ServerLiveRequest;
import org.mdinference.grpc.ServerReadyRequest;
import org.mdinference.protocol.TrustedCertificates;
import org.mdinference.server.CommittedZooServer;
import org.mdinference.server.MdiServer;
import org.mdinference.server.ServerConfig;
import org.mdinference.server.TestCertificates;

/**
 * The real server with TLS on both listeners and bearer tokens, its certificates made at run time: what answers
 * with the CA and a token, what is refused without them (and how), and what stays open. The server warms up, so
 * that its own requests to itself over TLS with its token are tried too.
 */
class AccessTest {

    private static final String TOKEN = "s3cret-token_1";
    private static final String OTHER_TOKEN = "second.token~2";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static MdiServer server;
    private static OkHttpClient https;
    private static String base;
    private static String zoo;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.write(dir);
        Path tokens = TestCertificates.tokenFile(dir, "tokens.txt", List.of(TOKEN, OTHER_TOKEN));
        server = CommittedZooServer.start(ServerConfig.builder().grpcPort(0).intraOpThreads(1).maxBatch(4)
                .access(certificates.access(tokens)));
        TrustedCertificates trusted;
        try (InputStream ca = Files.newInputStream(certificates.ca())) {
            trusted = TrustedCertificates.read(ca, certificates.ca().toString());
        }
        https = new OkHttpClient.Builder().sslSocketFactory(trusted.sslContext().getSocketFactory(),
                trusted.trustManager()).build();
        base = "https://localhost:" + server.port();
        zoo = server.service().zoo().name();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Response get(String path, String authorization) throws IOException {
        Request.Builder request = new Request.Builder().url(base + path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return https.newCall(request.build()).execute();
    }

    @Test
    void answersOverTlsWithAToken() throws IOException {
        try (Response reply = get("/v2/models/" + zoo, "Bearer " + TOKEN)) {
            assertThat(reply.code()).isEqualTo(200);
            assertThat(reply.body().string()).contains("\"name\":\"" + zoo + "\"");
        }
        // every token of the file is accepted, and the scheme's case does not matter
        try (Response reply = get("/v2", "bearer " + OTHER_TOKEN)) {
            assertThat(reply.code()).isEqualTo(200);
        }
    }

    @Test
    void refusesPlainHttpOnTheTlsPort() {
        OkHttpClient plain = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        assertThatThrownBy(() -> plain.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + server.port() + "/v2/health/live").build()).execute().close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void refusesAMissingToken401AndAWrongOne403() throws IOException {
        try (Response reply = get("/v2/models/" + zoo, null)) {
            assertThat(reply.code()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.body().string()).startsWith("{\"error\":\"").contains("Authorization: Bearer");
        }
        try (Response reply = get("/v2/models/" + zoo, "Basic dXNlcjpwYXNz")) {
            assertThat(reply.code()).isEqualTo(401);
        }
        try (Response reply = get("/v2/models/" + zoo, "Bearer " + TOKEN + "x")) {
            assertThat(reply.code()).isEqualTo(403);
            assertThat(reply.header("WWW-Authenticate")).contains("invalid_token");
        }
        try (Response reply = https.newCall(new Request.Builder().url(base + "/v2/models/" + zoo + "/infer")
                .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
            assertThat(reply.code()).isEqualTo(401);
        }
        try (Response metrics = get("/metrics", null)) {
            assertThat(metrics.body().string())
                    .containsPattern("mdi_access_refused_total\\{reason=\"missing\",transport=\"rest\"\\} [1-9]")
                    .containsPattern("mdi_access_refused_total\\{reason=\"wrong\",transport=\"rest\"\\} [1-9]");
        }
    }

    @Test
    void keepsHealthAndMetricsOpen() throws IOException {
        for (String path : List.of("/v2/health/live", "/v2/health/ready", "/metrics")) {
            try (Response reply = get(path, null)) {
                assertThat(reply.code()).as(path).isEqualTo(200);
            }
        }
    }

    /** A refused upload costs its head: the 401 comes while the 16 MB body is still unsent. */
    @Test
    void refusesBeforeReadingTheBody() throws Exception {
        TrustedCertificates trusted;
        try (InputStream ca = Files.newInputStream(certificates.ca())) {
            trusted = TrustedCertificates.read(ca, "ca");
        }
        try (SSLSocket socket = (SSLSocket) trusted.sslContext().getSocketFactory().createSocket("localhost",
                server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/models/" + zoo + "/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                    + " application/json\r\nContent-Length: " + (16 << 20) + "\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = new byte[12];
            int read = 0;
            InputStream in = socket.getInputStream();
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                assertThat(n).isPositive();
                read += n;
            }
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
        }
    }

    @Test
    void grpcAnswersOverTlsWithATokenAndRefusesWithout() throws Exception {
        int port = server.grpcPort().orElseThrow();
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", port, TlsChannelCredentials.newBuilder()
                .trustManager(certificates.ca().toFile()).build()).build();
        try {
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc
                    .newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            ModelMetadataRequest metadata = ModelMetadataRequest.newBuilder().setName(zoo).build();
            assertThat(stub.withInterceptors(bearer(TOKEN)).modelMetadata(metadata).getName()).isEqualTo(zoo);
            assertThatThrownBy(() -> stub.modelMetadata(metadata)).isInstanceOfSatisfying(
                    StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> stub.withInterceptors(bearer("nope")).modelMetadata(metadata))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(Status.Code.PERMISSION_DENIED));
            // health stays open, as REST's does
            assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
            assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        } finally {
            channel.shutdownNow();
        }
        try (Response metrics = get("/metrics", null)) {
            assertThat(metrics.body().string())
                    .containsPattern("mdi_access_refused_total\\{reason=\"missing\",transport=\"grpc\"\\} [1-9]")
                    .containsPattern("mdi_access_refused_total\\{reason=\"wrong\",transport=\"grpc\"\\} [1-9]");
        }
    }

    @Test
    void grpcRefusesPlainText() {
        ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().orElseThrow())
                .usePlaintext().build();
        try {
            assertThatThrownBy(() -> GRPCInferenceServiceGrpc.newBlockingStub(plain)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).serverLive(ServerLiveRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                            .isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL));
        } finally {
            plain.shutdownNow();
        }
    }

    @Test
    void refusesAClientThatTrustsAnotherCa(@TempDir Path other) throws IOException {
        TestCertificates stranger = TestCertificates.write(other, "other-", true);
        TrustedCertificates trusted;
        try (InputStream ca = new ByteArrayInputStream(Files.readAllBytes(stranger.ca()))) {
            trusted = TrustedCertificates.read(ca, "other");
        }
        OkHttpClient wrong = new OkHttpClient.Builder().sslSocketFactory(trusted.sslContext().getSocketFactory(),
                trusted.trustManager()).build();
        assertThatThrownBy(() -> wrong.newCall(new Request.Builder().url(base + "/v2/health/live").build())
                .execute().close()).isInstanceOf(javax.net.ssl.SSLException.class);
    }

    static io.grpc.ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(GrpcAccess.AUTHORIZATION, "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
