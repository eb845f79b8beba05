package org.inkflow.inference.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.inkflow.inference.metrics.InferenceMetrics;

/**
 * Every gRPC call's latency into {@code inkflow_inference_request_seconds} with {@code endpoint} {@code grpc_infer},
 * {@code grpc_metadata} or {@code grpc_health} and {@code status} the gRPC code's name ({@code OK},
 * {@code INVALID_ARGUMENT}, ...), refusals included: it is the outermost interceptor.
 */
final class GrpcCallMetrics implements ServerInterceptor {

    private final InferenceMetrics metrics;

    GrpcCallMetrics(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    static String endpoint(String method) {
        return switch (method) {
            case "ModelInfer" -> "grpc_infer";
            case "ModelMetadata", "ServerMetadata" -> "grpc_metadata";
            default -> "grpc_health";
        };
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        String endpoint = endpoint(call.getMethodDescriptor().getBareMethodName());
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                metrics.request(endpoint, status.getCode().name(), System.nanoTime() - start);
                super.close(status, trailers);
            }
        }, headers);
    }
}
