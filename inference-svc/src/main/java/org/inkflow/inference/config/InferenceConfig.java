package org.inkflow.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.inkflow.inference.imaging.Framing;

/** Everything inference-svc can be told; each default is also written in application.properties and the README. */
@ConfigMapping(prefix = "inkflow.inference")
public interface InferenceConfig {

    /** The model this service serves: promotions of other models are ignored. */
    @WithDefault("colorizer")
    String modelName();

    /** The alias whose promotions this service follows. */
    @WithDefault("production")
    String alias();

    /** Model versions kept loaded for {@code /versions/{v}} calls and instant rollback, the serving one included. */
    @WithDefault("3")
    int keepVersions();

    /** Where downloaded SavedModels are unpacked; a fresh temporary directory when unset. */
    Optional<String> cacheDir();

    /** TensorFlow intra-op threads per loaded model; 0 lets TensorFlow use every core. */
    @WithDefault("0")
    int tensorflowThreads();

    Batching batching();

    Limits limits();

    Colorize colorize();

    Drift drift();

    Grpc grpc();

    /** Dynamic batching. */
    interface Batching {

        /** Images per model call at most; 1 turns batching off. */
        @WithDefault("16")
        int maxBatchSize();

        /**
         * Pixels per model call at most: a batch of H x W images holds at most {@code max(1, this / (H*W))}. The
         * default, 16 images of 64x64, lets one 256x256 image run alone, which a CPU does fastest; raise it on a GPU.
         */
        @WithDefault("65536")
        long maxBatchPixels();

        /** How long the first request of a batch waits for others. */
        @WithDefault("5ms")
        Duration maxDelay();

        /** Requests that may wait for the model at once; one more is answered 503 with Retry-After. */
        @WithDefault("256")
        int queueCapacity();

        /**
         * Bytes of input (line art, 4 bytes a value) that may wait for the model at once: a request that would pass
         * it is answered 503 with Retry-After, one bigger than it alone 413. 256 MiB: 1,024 waiting 256x256 images.
         */
        @WithDefault("268435456")
        long queueCapacityBytes();

        /**
         * Whether a request that finds the model idle and nothing queued runs on the thread that received it
         * (no hand-off to a batcher thread and back: the 1-client latency); off, every request goes through a worker.
         */
        @WithDefault("true")
        boolean callerRunsWhenIdle();

        /** Threads that form and run batches. */
        @WithDefault("2")
        int workers();
    }

    /** Input limits: what is over them gets a 4xx that names the limit. */
    interface Limits {

        /** Largest {@code /colorize} body (an encoded image) in bytes. */
        @WithDefault("10485760")
        long maxImageBytes();

        /** Largest {@code /v2/.../infer} JSON body in bytes. */
        @WithDefault("67108864")
        long maxRequestBytes();

        /** Most pixels (width x height) one image may have, checked from the header before decoding. */
        @WithDefault("4194304")
        long maxPixels();

        /** Most images in one {@code /v2/.../infer} request. */
        @WithDefault("64")
        int maxBatchImages();

        /** How long a request may wait for its result before it is answered 503. */
        @WithDefault("30s")
        Duration requestTimeout();

        /** Seconds a 503 tells the client to wait before retrying (the Retry-After header). */
        @WithDefault("1")
        int retryAfterSeconds();
    }

    /** How {@code POST /colorize} sizes images. */
    interface Colorize {

        /** FIT: scale into the model's training size and back; NATIVE: run at the image's own size (padded). */
        @WithDefault("fit")
        Framing.Mode mode();

        /** In NATIVE mode, larger images (after padding) fall back to FIT. */
        @WithDefault("262144")
        long maxNativePixels();
    }

    /** Input drift against the serving model's training statistics. */
    interface Drift {

        /** How many recent images the live statistics cover. */
        @WithDefault("500")
        int window();

        /** Images needed before the drift score is defined (NaN before). */
        @WithDefault("20")
        int minImages();
    }

    /** The Open Inference Protocol's gRPC server, on a port of its own (ADR 0033). */
    interface Grpc {

        /** Serve gRPC at all; off leaves only the REST endpoints. */
        @WithDefault("true")
        boolean enabled();

        /** Its port (0 = any free port, for tests); 8001 as Triton's, since 9000 is the local S3's. */
        @WithDefault("8001")
        int port();

        /** The address it binds: loopback by default like the HTTP server; the chart sets 0.0.0.0. */
        @WithDefault("127.0.0.1")
        String host();
    }
}
