package org.inkflow.common.storage;

import io.minio.credentials.IamAwsProvider;
import io.minio.credentials.Jwt;
import io.minio.credentials.Provider;
import io.minio.credentials.StaticProvider;
import io.minio.credentials.WebIdentityProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * Turns {@link S3Config} into the MinIO SDK's credentials provider. The SDK's own providers do the work (it caches
 * temporary credentials and fetches new ones before they expire); this class only chooses one and refuses a
 * configuration that cannot work, naming the properties to set.
 */
public final class S3Credentials {

    /** How a service obtains its S3 credentials ({@code inkflow.s3.credentials}). */
    public enum Mode {
        /** {@code inkflow.s3.access-key} and {@code inkflow.s3.secret-key}, e.g. from a Kubernetes Secret. */
        STATIC,
        /** The pod's AWS identity as the AWS SDKs find it: IRSA, container credentials, instance profile. */
        AWS_IAM,
        /** A projected service-account token exchanged at MinIO's STS (AssumeRoleWithWebIdentity). */
        MINIO_STS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private S3Credentials() {
    }

    /** The provider for {@code config}, with the SDK's default HTTP client for identity calls. */
    public static Provider provider(S3Config config) {
        return provider(config, null);
    }

    /**
     * The provider for {@code config}; {@code identityHttp} (null: the SDK's default) carries the calls to the
     * identity endpoints (STS, the container credentials endpoint).
     *
     * @throws IllegalStateException when the chosen mode lacks what it needs
     */
    public static Provider provider(S3Config config, OkHttpClient identityHttp) {
        return switch (config.credentials()) {
            case STATIC -> {
                if (config.accessKey().filter(k -> !k.isBlank()).isEmpty()
                        || config.secretKey().filter(k -> !k.isBlank()).isEmpty()) {
                    throw new IllegalStateException("inkflow.s3.credentials=static needs inkflow.s3.access-key and "
                            + "inkflow.s3.secret-key (INKFLOW_S3_ACCESS_KEY, INKFLOW_S3_SECRET_KEY); none are built "
                            + "in. On Kubernetes use the chart's secret, or inkflow.s3.credentials=aws-iam or minio-sts");
                }
                yield new StaticProvider(config.accessKey().get(), config.secretKey().get(), null);
            }
            case AWS_IAM -> new IamAwsProvider(null, identityHttp);
            case MINIO_STS -> {
                Path tokenFile = Path.of(config.webIdentityTokenFile());
                int duration = config.credentialsDurationSeconds();
                if (duration < 900 || duration > 43_200) {
                    throw new IllegalStateException("inkflow.s3.credentials-duration-seconds must be within "
                            + "900..43200 (STS limits); got " + duration);
                }
                yield new WebIdentityProvider(() -> new Jwt(readToken(tokenFile), duration),
                        config.stsEndpoint().filter(e -> !e.isBlank()).orElse(config.endpoint()), duration, null,
                        config.roleArn().filter(r -> !r.isBlank()).orElse(null), "inkflow", identityHttp);
            }
        };
    }

    /** Read at every fetch: Kubernetes rotates a projected token in place. */
    private static String readToken(Path tokenFile) {
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new IllegalStateException("the web identity token file " + tokenFile + " is empty");
            }
            return token;
        } catch (IOException e) {
            // The SDK keeps only an exception's cause's message: say it all in one IllegalStateException.
            throw new IllegalStateException("cannot read the web identity token file " + tokenFile
                    + " (inkflow.s3.web-identity-token-file): " + e);
        }
    }
}
