package org.inkflow.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.inkflow.localstack.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workload identities against the real S3 server: the MinIO SDK's own providers fetch temporary credentials from an
 * identity endpoint and sign real requests with them. No STS or container-credentials server can be installed
 * here, so each test answers the identity protocol itself on 127.0.0.1 (the documented request and response
 * shapes), and every identity call goes through a client that cannot connect anywhere but loopback. S3Proxy
 * answers 501 to any request carrying {@code X-Amz-Security-Token} (MinIO and AWS accept it), so the container
 * credentials here come without a session token and the STS test stops at the signed request.
 */
class S3CredentialsIT {

    private static Path work;
    private static S3ProxyServer s3;
    private HttpServer identity;
    private final List<String> identityRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startS3() throws IOException {
        work = Files.createTempDirectory("inkflow-s3-credentials");
        s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, work);
    }

    @AfterAll
    static void stopS3() throws IOException {
        s3.close();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void stopIdentity() {
        System.clearProperty("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        System.clearProperty("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (identity != null) {
            identity.stop(0);
        }
    }

    @Test
    void awsIamFetchesContainerCredentialsAndSignsRealRequests() throws IOException {
        String expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        serveIdentity(exchange -> "{\"AccessKeyId\":\"" + S3ProxyServer.ACCESS_KEY + "\",\"SecretAccessKey\":\""
                + S3ProxyServer.SECRET_KEY + "\",\"Expiration\":\"" + expires + "\"}");
        // What EKS Pod Identity and ECS put in a pod's environment; the SDK reads system properties first.
        System.setProperty("AWS_CONTAINER_CREDENTIALS_FULL_URI", identityUrl() + "/v1/credentials");
        System.setProperty("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-identity-token");

        ObjectStore store = storeWith(config(S3Credentials.Mode.AWS_IAM, Optional.empty(), Optional.empty(), "unused"));

        store.ensureBucket();
        store.putOnce("credentials/aws-iam.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(new String(store.get("credentials/aws-iam.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(identityRequests).as("fetched once, then cached until it nears expiry").hasSize(1)
                .first().asString().contains("GET /v1/credentials").contains("Authorization=pod-identity-token");
    }

    @Test
    void minioStsExchangesTheServiceAccountTokenFromItsFileForSessionCredentials(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "eyJ.projected.token\n");
        String expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        serveIdentity(exchange -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<AssumeRoleWithWebIdentityResult><Credentials>"
                + "<AccessKeyId>" + S3ProxyServer.ACCESS_KEY + "</AccessKeyId>"
                + "<SecretAccessKey>" + S3ProxyServer.SECRET_KEY + "</SecretAccessKey>"
                + "<SessionToken>sts-session-1</SessionToken><Expiration>" + expires + "</Expiration>"
                + "</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>");

        S3Config config = config(S3Credentials.Mode.MINIO_STS, Optional.empty(), Optional.of(identityUrl()),
                token.toString());
        ObjectStore store = storeWith(config);

        // STS always issues a session token, and S3Proxy refuses every request that carries one (501): what is
        // checked here is that the request to S3 is made with the credentials STS answered.
        assertThatThrownBy(store::ensureBucket).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("MethodNotAllowed")
                .hasStackTraceContaining("X-Amz-Security-Token: sts-session-1");
        assertThat(identityRequests).hasSize(1).first().asString()
                .contains("POST /").contains("Action=AssumeRoleWithWebIdentity")
                .contains("WebIdentityToken=eyJ.projected.token").contains("DurationSeconds=3600")
                .contains("RoleArn=arn:minio:iam:::role/inkflow");
    }

    @Test
    void wrongOrMissingCredentialsAreRefusedWithTheirReason(@TempDir Path dir) {
        assertThatThrownBy(() -> S3Credentials.provider(config(S3Credentials.Mode.STATIC, Optional.empty(),
                Optional.empty(), "unused")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inkflow.s3.access-key").hasMessageContaining("none are built in");

        ObjectStore wrongKey = storeWith(config(S3Credentials.Mode.STATIC, Optional.of("not-the-secret"),
                Optional.empty(), "unused"));
        assertThatThrownBy(wrongKey::ensureBucket).isInstanceOf(ObjectStoreException.class);

        ObjectStore noToken = storeWith(config(S3Credentials.Mode.MINIO_STS, Optional.empty(),
                Optional.of("http://127.0.0.1:9"), dir.resolve("absent").toString()));
        assertThatThrownBy(noToken::ensureBucket).hasStackTraceContaining("inkflow.s3.web-identity-token-file");
    }

    // ---- helpers ----

    private void serveIdentity(Function<HttpExchange, String> body) throws IOException {
        identity = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        identity.createContext("/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("")
                    + (form.isEmpty() ? "" : "&" + form);
            identityRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + URLDecoder.decode(query, StandardCharsets.UTF_8) + " Authorization="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = body.apply(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        identity.start();
    }

    private String identityUrl() {
        return "http://127.0.0.1:" + identity.getAddress().getPort();
    }

    private static ObjectStore storeWith(S3Config config) {
        MinioClient client = MinioClient.builder().endpoint(config.endpoint())
                .credentialsProvider(S3Credentials.provider(config, loopbackOnly())).region(config.region()).build();
        return new ObjectStore(client, config.bucket());
    }

    /** Even a wrong code path (the SDK falling back to the EC2 metadata address) cannot leave this machine. */
    private static OkHttpClient loopbackOnly() {
        return new OkHttpClient.Builder().socketFactory(new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new Socket() {
                    @Override
                    public void connect(SocketAddress endpoint, int timeout) throws IOException {
                        if (!(endpoint instanceof InetSocketAddress address) || address.getAddress() == null
                                || !address.getAddress().isLoopbackAddress()) {
                            throw new SocketException("test refuses to connect outside loopback: " + endpoint);
                        }
                        super.connect(endpoint, timeout);
                    }
                };
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw connectedSocketsUnused();
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw connectedSocketsUnused();
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw connectedSocketsUnused();
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw connectedSocketsUnused();
            }
        }).build();
    }

    private static UnsupportedOperationException connectedSocketsUnused() {
        return new UnsupportedOperationException("OkHttp creates unconnected sockets and connects them itself");
    }

    private static S3Config config(S3Credentials.Mode mode, Optional<String> secret, Optional<String> sts,
                                   String tokenFile) {
        return new S3Config() {
            @Override
            public String endpoint() {
                return "http://127.0.0.1:" + s3.port();
            }

            @Override
            public S3Credentials.Mode credentials() {
                return mode;
            }

            @Override
            public Optional<String> accessKey() {
                return secret.map(s -> S3ProxyServer.ACCESS_KEY);
            }

            @Override
            public Optional<String> secretKey() {
                return secret;
            }

            @Override
            public String webIdentityTokenFile() {
                return tokenFile;
            }

            @Override
            public Optional<String> stsEndpoint() {
                return sts;
            }

            @Override
            public Optional<String> roleArn() {
                return Optional.of("arn:minio:iam:::role/inkflow");
            }

            @Override
            public int credentialsDurationSeconds() {
                return 3600;
            }

            @Override
            public String bucket() {
                return "inkflow";
            }

            @Override
            public String region() {
                return "us-east-1";
            }
        };
    }
}
