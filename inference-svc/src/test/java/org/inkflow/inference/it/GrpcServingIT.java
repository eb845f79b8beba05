package org.inkflow.inference.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.grpc.v2.GRPCInferenceServiceGrpc;
import org.inkflow.inference.grpc.v2.InferParameter;
import org.inkflow.inference.grpc.v2.InferTensorContents;
import org.inkflow.inference.grpc.v2.ModelInferRequest;
import org.inkflow.inference.grpc.v2.ModelInferResponse;
import org.inkflow.inference.grpc.v2.ModelMetadataRequest;
import org.inkflow.inference.grpc.v2.ModelMetadataResponse;
import org.inkflow.inference.grpc.v2.ModelReadyRequest;
import org.inkflow.inference.grpc.v2.ServerLiveRequest;
import org.inkflow.inference.grpc.v2.ServerMetadataRequest;
import org.inkflow.inference.grpc.v2.ServerReadyRequest;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.PackagedReplicas;
import org.inkflow.localstack.PackagedReplicas.Replica;
import org.inkflow.localstack.TestCredentials;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Open Inference Protocol over gRPC on the packaged service ({@code target/quarkus-app}, so this runs after
 * {@code package}: see the pom) with a real broker, S3 and a real exported SavedModel, through a grpc-java blocking
 * stub generated from the same proto: health, metadata, inference with {@code fp32_contents} and with
 * {@code raw_input_contents} giving the REST v2 JSON answer's values (and the binary REST extension's, built as the
 * extension specifies), each refusal's status code, authentication from call metadata, and the message size limit.
 */
@Timeout(300)
class GrpcServingIT {

    static final String BUCKET = "inkflow-grpc-it";
    /** The packaged service's request limit here: 8 MiB, so a bigger gRPC message is refused by size. */
    static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    static TestStack stack;
    static PackagedReplicas replicas;
    static Replica service;
    static int grpcPort;
    static ManagedChannel channel;
    static HttpClient http;

    @BeforeAll
    static void startThePackagedServiceWithAModel() {
        stack = TestStack.start();
        ObjectStore store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET,
                "us-east-1");
        store.ensureBucket();
        String location = ModelFixtures.exportTiny(store, "1", 1);
        replicas = new PackagedReplicas(stack, Path.of("target/quarkus-app/quarkus-run.jar"), BUCKET, 1);
        grpcPort = FreePorts.next();
        service = replicas.start("inference", Map.of(
                "INKFLOW_INFERENCE_GRPC_PORT", String.valueOf(grpcPort),
                "INKFLOW_INFERENCE_GRPC_HOST", "127.0.0.1",
                "INKFLOW_INFERENCE_LIMITS_MAX_REQUEST_BYTES", String.valueOf(MAX_REQUEST_BYTES)), "768m");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        beforeAModelIsLoadedInferenceIsUnavailable();
        try (KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers())) {
            ModelFixtures.promote(companion, "1", location);
        }
        replicas.awaitReady(service, Duration.ofMinutes(3));
    }

    /** The transient refusal: live, not ready, and an infer call is UNAVAILABLE (retry later), not an error of the caller. */
    static void beforeAModelIsLoadedInferenceIsUnavailable() {
        Awaitility.await().atMost(Duration.ofMinutes(2)).ignoreExceptionsInstanceOf(StatusRuntimeException.class)
                .until(() -> stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertThat(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
        assertThat(stub().modelReady(ModelReadyRequest.newBuilder().setName("colorizer").build()).getReady()).isFalse();
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                        .addInputs(input("FP32", 1, 4, 4, 1).setContents(fp32(lineArt(1, 4, 4)))).build()),
                Status.Code.UNAVAILABLE, "not loaded yet");
    }

    /** Bytes that are no ModelInferRequest at all: refused by gRPC's own parsing, and the service serves on. */
    @Test
    void aMessageThatIsNoProtobufIsRefusedAndTheServiceServesOn() {
        MethodDescriptor<byte[], byte[]> garbage = GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder(
                new RawBytes(), new RawBytes()).build();
        byte[] body = new byte[4096];
        Arrays.fill(body, (byte) 0xff);
        Metadata key = new Metadata();
        key.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestCredentials.get().consumerKey());
        Channel authenticated = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(key));
        // Past authentication, so the bytes reach the parser; which code grpc-java answers is its own choice.
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(authenticated, garbage,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isNotIn(Status.Code.OK, Status.Code.DEADLINE_EXCEEDED));
        assertThat(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", 1, 4, 4, 1).setContents(fp32(lineArt(1, 4, 4)))).build())
                .getOutputs(0).getShapeList()).containsExactly(1L, 4L, 4L, 3L);
    }

    /** Bytes as they are, for a call that sends what no generated stub would. */
    static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (replicas != null) {
            replicas.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** A stub that sends {@code header: value} pairs as call metadata. */
    static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(String... headers) {
        Metadata metadata = new Metadata();
        for (int i = 0; i < headers.length; i += 2) {
            metadata.put(Metadata.Key.of(headers[i], Metadata.ASCII_STRING_MARSHALLER), headers[i + 1]);
        }
        return GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub consumer() {
        return stub("x-api-key", TestCredentials.get().consumerKey());
    }

    /** {@code [n, h, w, 1]}: the drawings {@link Drawings#inferRequest} sends, image i of seed i. */
    static float[] lineArt(int n, int h, int w) {
        float[] input = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(Drawings.lineArt(h, w, i), 0, input, i * h * w, h * w);
        }
        return input;
    }

    static ModelInferRequest.InferInputTensor.Builder input(String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder b = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("line_art").setDatatype(datatype);
        for (long d : shape) {
            b.addShape(d);
        }
        return b;
    }

    static InferTensorContents fp32(float[] values) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float v : values) {
            c.addFp32Contents(v);
        }
        return c.build();
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static float[] floats(ByteString bytes) {
        float[] out = new float[bytes.size() / 4];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    HttpResponse<byte[]> rest(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.url(path)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .header("X-API-Key", TestCredentials.get().consumerKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void healthAndMetadataInTheProtocolsMessages() {
        // Open like their REST twins: no credentials.
        assertThat(stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(stub().modelReady(ModelReadyRequest.newBuilder().setName("colorizer").build()).getReady()).isTrue();
        assertThat(stub().modelReady(ModelReadyRequest.newBuilder().setName("colorizer").setVersion("1").build())
                .getReady()).isTrue();
        assertThat(stub().serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName())
                .isEqualTo("inkflow-inference");

        ModelMetadataResponse metadata = consumer().modelMetadata(ModelMetadataRequest.newBuilder()
                .setName("colorizer").build());
        assertThat(metadata.getName()).isEqualTo("colorizer");
        assertThat(metadata.getVersionsList()).containsExactly("1");
        assertThat(metadata.getPlatform()).isEqualTo("tensorflow_savedmodel");
        assertThat(metadata.getInputsList()).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("line_art");
            assertThat(t.getDatatype()).isEqualTo("FP32");
            assertThat(t.getShapeList()).containsExactly(-1L, -1L, -1L, 1L);
        });
        assertThat(metadata.getOutputsList()).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("rgb");
            assertThat(t.getDatatype()).isEqualTo("FP32");
            assertThat(t.getShapeList()).containsExactly(-1L, -1L, -1L, 3L);
        });
        assertThat(consumer().modelMetadata(ModelMetadataRequest.newBuilder().setName("colorizer").setVersion("1")
                .build()).getVersionsList()).containsExactly("1");

        refused(() -> stub().modelReady(ModelReadyRequest.newBuilder().setName("sketcher").build()),
                Status.Code.NOT_FOUND, "unknown model 'sketcher'");
        refused(() -> stub().modelReady(ModelReadyRequest.newBuilder().setName("colorizer").setVersion("9").build()),
                Status.Code.NOT_FOUND, "no loaded version '9'");
        refused(() -> consumer().modelMetadata(ModelMetadataRequest.newBuilder().setName("sketcher").build()),
                Status.Code.NOT_FOUND, "unknown model");
    }

    /**
     * The same [2, 16, 24, 1] input four ways: REST JSON, REST binary (the extension's request-level
     * {@code binary_data_output}), gRPC {@code fp32_contents}, gRPC {@code raw_input_contents}: the same values.
     */
    @Test
    void fp32AndRawInputGiveTheRestJsonAnswer() throws Exception {
        int n = 2, h = 16, w = 24;
        float[] input = lineArt(n, h, w);

        HttpResponse<byte[]> json = rest("/v2/models/colorizer/infer", "application/json",
                Drawings.inferRequest("j", n, h, w).getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode jsonOut = JSON.readTree(json.body()).get("outputs").get(0);
        assertThat(jsonOut.get("shape").toString()).isEqualTo("[2,16,24,3]");
        float[] expected = new float[jsonOut.get("data").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = jsonOut.get("data").get(i).floatValue();
        }
        assertThat(expected).hasSize(n * h * w * 3);

        // Binary tensor data, built as the extension specifies: the JSON's byte length in
        // Inference-Header-Content-Length, the input's binary_data_size, then its little-endian bytes; the whole
        // output asked binary by the request's binary_data_output.
        byte[] header = ("{\"id\":\"b\",\"inputs\":[{\"name\":\"line_art\",\"shape\":[" + n + "," + h + "," + w
                + ",1],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + input.length * 4 + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}").getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + input.length * 4).put(header).put(littleEndian(input)).array();
        HttpResponse<byte[]> binary = rest("/v2/models/colorizer/infer", "application/octet-stream", body,
                "Inference-Header-Content-Length", String.valueOf(header.length));
        assertThat(binary.statusCode()).isEqualTo(200);
        int jsonLength = Integer.parseInt(binary.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode binaryOut = JSON.readTree(Arrays.copyOf(binary.body(), jsonLength)).get("outputs").get(0);
        assertThat(binaryOut.has("data")).isFalse();
        assertThat(binaryOut.get("parameters").get("binary_data_size").asInt()).isEqualTo(expected.length * 4)
                .isEqualTo(binary.body().length - jsonLength);
        assertClose(floats(ByteString.copyFrom(binary.body(), jsonLength, expected.length * 4)), expected);

        ModelInferResponse fp32 = consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .setId("g1").addInputs(input("FP32", n, h, w, 1).setContents(fp32(input))).build());
        assertThat(fp32.getModelName()).isEqualTo("colorizer");
        assertThat(fp32.getModelVersion()).isEqualTo("1");
        assertThat(fp32.getId()).isEqualTo("g1");
        assertThat(fp32.getRawOutputContentsCount()).isZero();
        ModelInferResponse.InferOutputTensor out = fp32.getOutputs(0);
        assertThat(out.getName()).isEqualTo("rgb");
        assertThat(out.getDatatype()).isEqualTo("FP32");
        assertThat(out.getShapeList()).containsExactly(2L, 16L, 24L, 3L);
        float[] fromFp32 = new float[out.getContents().getFp32ContentsCount()];
        for (int i = 0; i < fromFp32.length; i++) {
            fromFp32[i] = out.getContents().getFp32Contents(i);
        }
        assertClose(fromFp32, expected);

        ModelInferResponse raw = stub("authorization", "Bearer " + TestCredentials.get().consumerKey())
                .modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer").setModelVersion("1")
                        .addInputs(input("FP32", n, h, w, 1)).addRawInputContents(ByteString.copyFrom(littleEndian(input)))
                        .build());
        assertThat(raw.getOutputs(0).hasContents()).isFalse();
        assertThat(raw.getOutputs(0).getShapeList()).containsExactly(2L, 16L, 24L, 3L);
        assertThat(raw.getRawOutputContentsCount()).isEqualTo(1);
        assertClose(floats(raw.getRawOutputContents(0)), expected);

        // fp32 in, raw out when asked by the output's own parameter; raw in, fp32 out likewise.
        InferParameter yes = InferParameter.newBuilder().setBoolParam(true).build();
        ModelInferResponse asked = consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w, 1).setContents(fp32(input)))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("rgb")
                        .putParameters("binary_data", yes)).build());
        assertClose(floats(asked.getRawOutputContents(0)), expected);
    }

    /** A 1024x1024 request (4 MiB of raw input, 12 MiB answer) passes gRPC's default 4 MiB; past the limit it cannot. */
    @Test
    void messagesUpToTheRequestLimitPassAndBiggerOnesAreRefusedBySize() {
        float[] big = new float[1024 * 1024];
        Arrays.fill(big, 1f);
        ModelInferResponse r = consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", 1, 1024, 1024, 1)).addRawInputContents(ByteString.copyFrom(littleEndian(big)))
                .build());
        assertThat(r.getRawOutputContents(0).size()).isEqualTo(1024 * 1024 * 3 * 4);

        float[] tooBig = new float[MAX_REQUEST_BYTES / 4 + 1024];
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                        .addInputs(input("FP32", 1, 1, tooBig.length, 1))
                        .addRawInputContents(ByteString.copyFrom(littleEndian(tooBig))).build()),
                Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size");
        assertThat(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }

    @Test
    void eachBadRequestHasItsStatusCodeAndSaysWhatToSend() {
        int n = 1, h = 8, w = 12;
        float[] input = lineArt(n, h, w);
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("UINT8", n, h, w, 1).setContents(fp32(input))).build()),
                Status.Code.INVALID_ARGUMENT, "datatype UINT8; this model takes FP32");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w + 4, 1).setContents(fp32(input))).build()),
                Status.Code.INVALID_ARGUMENT, "= 128 values but 96 in contents.fp32_contents");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w, 3)).addRawInputContents(ByteString.copyFrom(littleEndian(input)))
                .build()), Status.Code.INVALID_ARGUMENT, "[N,H,W,1]");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w, 1))
                .addRawInputContents(ByteString.copyFrom(littleEndian(input), 0, 4 * input.length - 2)).build()),
                Status.Code.INVALID_ARGUMENT, "raw_input_contents[0] has 382 bytes");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, 6, 8, 1).setContents(fp32(new float[48]))).build()),
                Status.Code.INVALID_ARGUMENT, "multiples of 4");
        float[] eightBit = input.clone();
        eightBit[5] = 255f;
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w, 1).setContents(fp32(eightBit))).build()),
                Status.Code.INVALID_ARGUMENT, "divide 8-bit");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", 65, 4, 4, 1).setContents(fp32(new float[65 * 16]))).build()),
                Status.Code.INVALID_ARGUMENT, "max-batch-images");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("sketcher")
                .addInputs(input("FP32", n, h, w, 1).setContents(fp32(input))).build()),
                Status.Code.NOT_FOUND, "unknown model 'sketcher'");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer").setModelVersion("7")
                .addInputs(input("FP32", n, h, w, 1).setContents(fp32(input))).build()),
                Status.Code.NOT_FOUND, "'7'");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", 1L << 40, 1L << 40, 1, 1)).build()),
                Status.Code.INVALID_ARGUMENT, "too large");
        // Color hints for a model trained without them: refused with the reason.
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w, 1).setContents(fp32(input)))
                .addInputs(input("FP32", n, h, w, 4).setName("hints").setContents(fp32(new float[n * h * w * 4])))
                .build()), Status.Code.INVALID_ARGUMENT, "takes no color hints");
        refused(() -> consumer().modelInfer(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", n, h, w, 1).setContents(fp32(input)))
                .addInputs(input("FP32", n, w, h, 4).setName("hints").setContents(fp32(new float[n * h * w * 4])))
                .build()), Status.Code.INVALID_ARGUMENT, "must have the line art's N, H and W");
        assertThat(stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }

    @Test
    void credentialsComeFromCallMetadataAndAreCheckedLikeRests() throws Exception {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(input("FP32", 1, 4, 4, 1).setContents(fp32(lineArt(1, 4, 4)))).build();
        ModelMetadataRequest metadata = ModelMetadataRequest.newBuilder().setName("colorizer").build();
        refused(() -> stub().modelInfer(request), Status.Code.UNAUTHENTICATED, "x-api-key");
        refused(() -> stub().modelMetadata(metadata), Status.Code.UNAUTHENTICATED, "x-api-key");
        refused(() -> stub("x-api-key", "not-a-key-of-this-service").modelInfer(request),
                Status.Code.UNAUTHENTICATED, "the API key is not valid");
        refused(() -> stub("authorization", "Bearer not-a-key-of-this-service-either").modelInfer(request),
                Status.Code.UNAUTHENTICATED, "the API key is not valid");
        TestCredentials credentials = TestCredentials.get();
        refused(() -> stub("authorization", "Bearer " + credentials.jwt("https://other.example", java.time.Instant.now()
                .plusSeconds(600), "consumer")).modelInfer(request), Status.Code.UNAUTHENTICATED, "not a valid JWT");
        refused(() -> stub("authorization", "Bearer " + credentials.jwt("viewer")).modelInfer(request),
                Status.Code.PERMISSION_DENIED, "consumer role");

        assertThat(stub("authorization", "Bearer " + credentials.jwt("consumer")).modelInfer(request)
                .getOutputs(0).getShapeList()).containsExactly(1L, 4L, 4L, 3L);
        assertThat(stub("authorization", "Bearer " + credentials.jwt("operator")).modelMetadata(metadata).getName())
                .isEqualTo("colorizer");
        assertThat(stub("x-api-key", credentials.operatorKey()).modelInfer(request).getModelVersion()).isEqualTo("1");

        // Counted like REST's refusals, and each call's latency by its gRPC code.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(service.url("/q/metrics"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics)
                    .contains("inkflow_inference_rejected_requests_total{reason=\"unauthorized\"}")
                    .contains("inkflow_inference_request_seconds_count{endpoint=\"grpc_infer\",status=\"OK\"}")
                    .contains("inkflow_inference_request_seconds_count{endpoint=\"grpc_infer\",status=\"UNAUTHENTICATED\"}")
                    .contains("inkflow_inference_request_seconds_count{endpoint=\"grpc_infer\",status=\"PERMISSION_DENIED\"}");
        });
    }

    static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    static void refused(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
