package org.inkflow.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.inkflow.inference.grpc.v2.InferParameter;
import org.inkflow.inference.grpc.v2.InferTensorContents;
import org.inkflow.inference.grpc.v2.ModelInferRequest;
import org.inkflow.inference.grpc.v2.ModelInferResponse;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorResponse;
import org.junit.jupiter.api.Test;

/** The gRPC tensors on small non-square arrays: both encodings in, both out, and each refusal. */
class GrpcTensorsTest {

    // [2, 4, 6, 1]: non-square, so swapped height and width would fail
    private static final int N = 2, H = 4, W = 6;

    private static float[] values() {
        float[] v = new float[N * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / (float) v.length;
        }
        return v;
    }

    private static ModelInferRequest.InferInputTensor.Builder input(long... shape) {
        ModelInferRequest.InferInputTensor.Builder b = ModelInferRequest.InferInputTensor.newBuilder()
                .setName("line_art").setDatatype("FP32");
        for (long d : shape) {
            b.addShape(d);
        }
        return b;
    }

    private static InferTensorContents fp32(float[] values) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float v : values) {
            c.addFp32Contents(v);
        }
        return c.build();
    }

    private static ByteString littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return ByteString.copyFrom(b.array());
    }

    private static ModelInferRequest.Builder request(ModelInferRequest.InferInputTensor.Builder input) {
        return ModelInferRequest.newBuilder().setModelName("colorizer").setId("r1").addInputs(input);
    }

    @Test
    void fp32ContentsAreReadRowMajorAndAnsweredAsFp32() {
        float[] v = values();
        GrpcTensors.Parsed parsed = GrpcTensors.read(request(input(N, H, W, 1).setContents(fp32(v))).build());
        assertThat(parsed.tensor().n()).isEqualTo(N);
        assertThat(parsed.tensor().height()).isEqualTo(H);
        assertThat(parsed.tensor().width()).isEqualTo(W);
        assertThat(parsed.tensor().lineArt()).containsExactly(v);
        assertThat(parsed.tensor().id()).isEqualTo("r1");
        assertThat(parsed.rawOutput()).isFalse();
    }

    @Test
    void rawInputIsLittleEndianAndAnswersRawUnlessTheOutputSaysOtherwise() {
        float[] v = values();
        ModelInferRequest.Builder raw = request(input(N, H, W, 1)).addRawInputContents(littleEndian(v));
        GrpcTensors.Parsed parsed = GrpcTensors.read(raw.build());
        assertThat(parsed.tensor().lineArt()).containsExactly(v);
        assertThat(parsed.rawOutput()).isTrue();

        InferParameter no = InferParameter.newBuilder().setBoolParam(false).build();
        ModelInferRequest fp32Out = raw.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                .setName("rgb").putParameters("binary_data", no)).build();
        assertThat(GrpcTensors.read(fp32Out).rawOutput()).isFalse();

        InferParameter yes = InferParameter.newBuilder().setBoolParam(true).build();
        ModelInferRequest asked = request(input(N, H, W, 1).setContents(fp32(v)))
                .putParameters("binary_data_output", yes).build();
        assertThat(GrpcTensors.read(asked).rawOutput()).isTrue();
    }

    @Test
    void outputsAreRgbNhwc3RawOrFp32WithTheSameValues() {
        float[] rgb = new float[N * H * W * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i % 7) / 7f;
        }
        TensorResponse r = new TensorResponse("colorizer", "3", "r1", N, H, W, rgb);
        ModelInferResponse fp32 = GrpcTensors.write(r, false);
        assertThat(fp32.getModelVersion()).isEqualTo("3");
        assertThat(fp32.getId()).isEqualTo("r1");
        assertThat(fp32.getOutputs(0).getName()).isEqualTo("rgb");
        assertThat(fp32.getOutputs(0).getShapeList()).containsExactly(2L, 4L, 6L, 3L);
        assertThat(fp32.getOutputs(0).getContents().getFp32ContentsList()).hasSize(rgb.length);
        assertThat(fp32.getRawOutputContentsCount()).isZero();

        ModelInferResponse raw = GrpcTensors.write(r, true);
        assertThat(raw.getOutputs(0).hasContents()).isFalse();
        float[] back = new float[rgb.length];
        raw.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(back);
        assertThat(back).containsExactly(rgb);
        for (int i = 0; i < rgb.length; i++) {
            assertThat(fp32.getOutputs(0).getContents().getFp32Contents(i)).isEqualTo(back[i]);
        }
    }

    @Test
    void hintsAreAnOptionalSecondInputOfTheLineArtsNHWAndFourChannels() {
        float[] v = values();
        float[] hints = new float[N * H * W * 4];
        for (int i = 0; i < hints.length; i++) {
            hints[i] = (i % 7) / 7f;
        }
        ModelInferRequest.InferInputTensor.Builder hintInput = input(N, H, W, 4).setName("hints");
        GrpcTensors.Parsed fp32 = GrpcTensors.read(request(input(N, H, W, 1).setContents(fp32(v)))
                .addInputs(hintInput.clone().setContents(fp32(hints))).build());
        assertThat(fp32.tensor().lineArt()).containsExactly(v);
        assertThat(fp32.tensor().hints()).containsExactly(hints);
        // Raw contents: one entry per input, in input order; hints may come first.
        GrpcTensors.Parsed raw = GrpcTensors.read(ModelInferRequest.newBuilder().setModelName("colorizer")
                .addInputs(hintInput.clone()).addInputs(input(N, H, W, 1))
                .addRawInputContents(littleEndian(hints)).addRawInputContents(littleEndian(v)).build());
        assertThat(raw.tensor().hints()).containsExactly(hints);
        assertThat(raw.tensor().lineArt()).containsExactly(v);
        assertThat(GrpcTensors.read(request(input(N, H, W, 1).setContents(fp32(v))).build()).tensor().hints()).isNull();

        refused(request(input(N, H, W, 1).setContents(fp32(v))).addInputs(input(N, H, W, 3).setName("hints")
                .setContents(fp32(new float[N * H * W * 3]))), "hints are [N,H,W,4]");
        refused(request(input(N, H, W, 1).setContents(fp32(v))).addInputs(input(N, W, H, 4).setName("hints")
                .setContents(fp32(hints))), "must have the line art's N, H and W: [2,4,6,4]");
        refused(request(hintInput.clone().setContents(fp32(hints))), "no input 'line_art'");
        refused(request(input(N, H, W, 1)).addInputs(hintInput.clone()).addRawInputContents(littleEndian(v)),
                "1 entries; it needs one per input, and the request has 2");
    }

    @Test
    void eachBadTensorIsA400ThatSaysWhatToSend() {
        float[] v = values();
        refused(request(input(N, H, W, 1).setDatatype("UINT8").setContents(fp32(v))), "UINT8");
        refused(request(input(N, H, W, 3).setContents(fp32(v))), "[N,H,W,1]");
        refused(request(input(N, H, W, 1).setName("sketch").setContents(fp32(v))), "unknown input 'sketch'");
        refused(request(input(N, H, W + 1, 1).setContents(fp32(v))), "56 values but 48");
        refused(request(input(N, H, W, 1)), "no data");
        refused(request(input(N, H, W, 1).setContents(InferTensorContents.newBuilder().addIntContents(1))),
                "fp32_contents");
        refused(request(input(N, H, W, 1)).addRawInputContents(littleEndian(v).substring(4)),
                "has 188 bytes but input 'line_art' of shape [2, 4, 6, 1] needs 192");
        refused(request(input(N, H, W, 1).setContents(fp32(v))).addRawInputContents(littleEndian(v)),
                "both contents and raw_input_contents");
        refused(request(input(N, H, W, 1)).addRawInputContents(littleEndian(v)).addRawInputContents(littleEndian(v)),
                "2 entries");
        refused(request(input(N, H, W, 1).setContents(fp32(v))).addInputs(input(N, H, W, 1)), "2 inputs");
        refused(ModelInferRequest.newBuilder().setModelName("colorizer"), "no inputs");
        refused(request(input(N, H, W, 1).setContents(fp32(v))).addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("depth")), "unknown output 'depth'");
        refused(request(input(N, H, W, 1).setContents(fp32(v))).putParameters("binary_data_output",
                InferParameter.newBuilder().setStringParam("yes").build()), "bool_param");
        // Hostile shapes: no dimension past int, no product past long, nothing allocated for them.
        refused(request(input(1, 1L << 40, 1, 1)), "too large");
        refused(request(input(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 1)), "more values");
        refused(request(input(0, H, W, 1).setContents(fp32(v))), "below 1");
    }

    @Test
    void refusalsMapToTheGrpcCodeOfTheirHttpStatus() {
        assertThat(GrpcErrors.code(400, "bad_request").getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.code(413, "too_many_images").getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.code(404, "unknown_version").getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.code(401, "unauthorized").getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(GrpcErrors.code(403, "unauthorized").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(GrpcErrors.code(503, "queue_full").getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcErrors.code(503, "not_ready").getCode()).isEqualTo(Status.Code.UNAVAILABLE);

        // Failures of the future, as the batcher and the request timeout complete it, counted by reason.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(registry);
        Status timeout = GrpcErrors.of(new CompletionException(new TimeoutException()), metrics);
        assertThat(timeout.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(timeout.getDescription()).contains("inkflow.inference.limits.request-timeout");
        assertThat(GrpcErrors.of(new CancellationException(), metrics).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(GrpcErrors.of(new CompletionException(new RejectedRequestException(503, "queue_full", "full")),
                metrics).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcErrors.of(new IllegalStateException("a bug"), metrics).getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(registry.find("inkflow.inference.rejected.requests").tag("reason", "timeout").counter())
                .isNotNull().extracting(c -> c.count()).isEqualTo(1.0);
    }

    private static void refused(ModelInferRequest.Builder request, String message) {
        assertThatThrownBy(() -> GrpcTensors.read(request.build()))
                .isInstanceOf(RejectedRequestException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((RejectedRequestException) e).status()).isEqualTo(400));
    }
}
