package org.inkflow.inference.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.IdentityProviderManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.inkflow.inference.config.InferenceConfig;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.ColorizerService;
import org.jboss.logging.Logger;

/**
 * The Open Inference Protocol's gRPC server ({@code inference.GRPCInferenceService}) on a port of its own
 * ({@code inkflow.inference.grpc.port}, ADR 0033): grpc-java's Netty server, started with the application and stopped
 * before the service under it closes. Inbound messages are capped at {@code limits.max-request-bytes}, as REST bodies
 * are; a bigger one is refused by gRPC with RESOURCE_EXHAUSTED before it is read.
 */
@ApplicationScoped
public class GrpcServer {

    private static final Logger LOG = Logger.getLogger(GrpcServer.class);

    private final ColorizerService service;
    private final InferenceMetrics metrics;
    private final InferenceConfig config;
    private final IdentityProviderManager identities;
    private final String serverVersion;
    private ExecutorService executor;
    private Server server;

    public GrpcServer(ColorizerService service, InferenceMetrics metrics, InferenceConfig config,
                      IdentityProviderManager identities,
                      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String serverVersion) {
        this.service = service;
        this.metrics = metrics;
        this.config = config;
        this.identities = identities;
        this.serverVersion = serverVersion;
    }

    void start(@Observes StartupEvent event) {
        InferenceConfig.Grpc grpc = config.grpc();
        if (!grpc.enabled()) {
            LOG.info("gRPC is off (inkflow.inference.grpc.enabled=false)");
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "inference-grpc-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        InferenceGrpcService rpcs = new InferenceGrpcService(service, metrics, serverVersion, executor);
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, config.limits().maxRequestBytes());
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(grpc.host(), grpc.port()))
                    .executor(executor)
                    .maxInboundMessageSize(maxMessage)
                    // Interceptors run last-added first: metrics see every call, refusals included.
                    .addService(ServerInterceptors.intercept(rpcs, new GrpcAuthentication(identities, metrics),
                            new GrpcCallMetrics(metrics)))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve gRPC on " + grpc.host() + ":" + grpc.port()
                    + " (inkflow.inference.grpc.host/port): " + e.getMessage(), e);
        }
        LOG.infof("Open Inference Protocol v2 over gRPC on %s:%d (max message %d bytes)", grpc.host(), port(), maxMessage);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server == null) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** The port it listens on (the bound one when configured 0), or -1 when gRPC is off. */
    public int port() {
        return server == null ? -1 : server.getPort();
    }
}
