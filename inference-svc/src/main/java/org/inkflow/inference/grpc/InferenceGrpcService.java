package org.inkflow.inference.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.inkflow.inference.grpc.v2.GRPCInferenceServiceGrpc;
import org.inkflow.inference.grpc.v2.ModelInferRequest;
import org.inkflow.inference.grpc.v2.ModelInferResponse;
import org.inkflow.inference.grpc.v2.ModelMetadataRequest;
import org.inkflow.inference.grpc.v2.ModelMetadataResponse;
import org.inkflow.inference.grpc.v2.ModelReadyRequest;
import org.inkflow.inference.grpc.v2.ModelReadyResponse;
import org.inkflow.inference.grpc.v2.ServerLiveRequest;
import org.inkflow.inference.grpc.v2.ServerLiveResponse;
import org.inkflow.inference.grpc.v2.ServerMetadataRequest;
import org.inkflow.inference.grpc.v2.ServerMetadataResponse;
import org.inkflow.inference.grpc.v2.ServerReadyRequest;
import org.inkflow.inference.grpc.v2.ServerReadyResponse;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorContract;

/**
 * The Open Inference Protocol's gRPC service over the same {@link ColorizerService} as the REST v2 endpoint: the
 * same checks and messages, the same batcher and kept versions; only the encoding ({@link GrpcTensors}) and the
 * error codes ({@link GrpcErrors}) are gRPC's. Authentication is {@link GrpcAuthentication}'s, before a call gets
 * here.
 */
final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private final ColorizerService service;
    private final InferenceMetrics metrics;
    private final String serverVersion;
    /** Where answers are encoded, off the batcher's threads. */
    private final Executor respond;

    InferenceGrpcService(ColorizerService service, InferenceMetrics metrics, String serverVersion, Executor respond) {
        this.service = service;
        this.metrics = metrics;
        this.serverVersion = serverVersion;
        this.respond = respond;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        answer(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        answer(out, () -> ServerReadyResponse.newBuilder().setReady(service.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        answer(out, () -> {
            checkName(request.getName());
            if (!request.getVersion().isEmpty()) {
                kept(request.getVersion());
                return ModelReadyResponse.newBuilder().setReady(true).build();
            }
            return ModelReadyResponse.newBuilder().setReady(service.ready()).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        answer(out, () -> ServerMetadataResponse.newBuilder().setName(TensorContract.SERVER_NAME)
                .setVersion(serverVersion).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        answer(out, () -> {
            checkName(request.getName());
            List<String> versions;
            if (request.getVersion().isEmpty()) {
                versions = service.registry().versions();
            } else {
                kept(request.getVersion());
                versions = List.of(request.getVersion());
            }
            ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder().setName(request.getName())
                    .addAllVersions(versions).setPlatform(TensorContract.PLATFORM)
                    .addInputs(tensor(TensorContract.INPUT, 1));
            // A hint model's optional second input; the serving version's (or the asked version's) signature decides.
            String version = request.getVersion().isEmpty() ? null : request.getVersion();
            if (service.takesHints(version)) {
                metadata.addInputs(tensor(TensorContract.HINTS, TensorContract.HINT_CHANNELS));
            }
            return metadata.addOutputs(tensor(TensorContract.OUTPUT, 3)).build();
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, int channels) {
        // [-1, -1, -1, channels]: any batch, height and width (height and width multiples of the card's sizeMultiple)
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(TensorContract.DATATYPE)
                .addShape(-1).addShape(-1).addShape(-1).addShape(channels).build();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        try {
            GrpcTensors.Parsed parsed = GrpcTensors.read(request);
            String version = request.getModelVersion().isEmpty() ? null : request.getModelVersion();
            service.infer(request.getModelName(), version, parsed.tensor()).whenCompleteAsync((r, error) -> {
                if (error != null) {
                    fail(out, error);
                    return;
                }
                try {
                    send(out, GrpcTensors.write(r, parsed.rawOutput()));
                } catch (RuntimeException e) {
                    fail(out, e);
                }
            }, respond);
        } catch (RuntimeException e) {
            fail(out, e);
        }
    }

    private <T> void answer(StreamObserver<T> out, Supplier<T> answer) {
        T value;
        try {
            value = answer.get();
        } catch (RuntimeException e) {
            fail(out, e);
            return;
        }
        send(out, value);
    }

    private static <T> void send(StreamObserver<T> out, T value) {
        if (cancelled(out)) {
            return; // the client is gone (cancelled or past its deadline): nobody to answer
        }
        try {
            out.onNext(value);
            out.onCompleted();
        } catch (StatusRuntimeException | IllegalStateException e) {
            // cancelled between the check and the answer
        }
    }

    private void fail(StreamObserver<?> out, Throwable error) {
        Status status = GrpcErrors.of(error, metrics);
        if (cancelled(out)) {
            return;
        }
        try {
            out.onError(status.asRuntimeException());
        } catch (StatusRuntimeException | IllegalStateException e) {
            // cancelled meanwhile
        }
    }

    private static boolean cancelled(StreamObserver<?> out) {
        return out instanceof ServerCallStreamObserver<?> call && call.isCancelled();
    }

    private void checkName(String name) {
        if (!service.modelName().equals(name)) {
            throw new RejectedRequestException(404, "unknown_model", "unknown model '" + name
                    + "'; this server serves '" + service.modelName() + "'");
        }
    }

    private void kept(String version) {
        if (service.registry().kept(version).isEmpty()) {
            throw new RejectedRequestException(404, "unknown_version", "model '" + service.modelName()
                    + "' has no loaded version '" + version + "'; loaded versions: " + service.registry().versions());
        }
    }
}
