{{/*
Names, labels and the small rules the templates share.
*/}}

{{/* The five services, in the order they appear in the flow. Each is a top-level values key. */}}
{{- define "inkflow.serviceKeys" -}}
crawler cleaner trainer evaluator inference
{{- end -}}

{{- define "inkflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Default full name: <release>-inkflow, or the release name alone when it already says inkflow. */}}
{{- define "inkflow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Call with (dict "root" $ "svc" "crawler"). */}}
{{- define "inkflow.svcName" -}}
{{- printf "%s-%s" (include "inkflow.fullname" .root | trunc 50 | trimSuffix "-") .svc -}}
{{- end -}}

{{- define "inkflow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "inkflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "inkflow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "inkflow.labels" -}}
helm.sh/chart: {{ include "inkflow.chart" . }}
{{ include "inkflow.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: inkflow
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels of one service's objects. Call with (dict "root" $ "svc" "crawler"). */}}
{{- define "inkflow.svcLabels" -}}
{{ include "inkflow.labels" .root }}
app.kubernetes.io/component: {{ .svc }}
{{- end -}}

{{- define "inkflow.svcSelectorLabels" -}}
{{ include "inkflow.selectorLabels" .root }}
app.kubernetes.io/component: {{ .svc }}
{{- end -}}

{{- define "inkflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "inkflow.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "inkflow.secretName" -}}
{{- default (include "inkflow.fullname" .) .Values.secret.existingSecret -}}
{{- end -}}

{{/* Quarkus' environment-variable form of a config property: non-alphanumerics to "_", upper case. */}}
{{- define "inkflow.envName" -}}
{{- regexReplaceAll "[^A-Za-z0-9]" . "_" | upper -}}
{{- end -}}

{{/* Image of one service, with the GPU variant's suffix for the trainer. Call with (dict "root" $ "svc" "trainer"). */}}
{{- define "inkflow.image" -}}
{{- $v := index .root.Values .svc -}}
{{- $tag := default .root.Chart.AppVersion $v.image.tag -}}
{{- if and (eq .svc "trainer") $v.gpu.enabled -}}
{{- $tag = printf "%s%s" $tag $v.gpu.imageTagSuffix -}}
{{- end -}}
{{- $repo := $v.image.repository -}}
{{- if .root.Values.image.registry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) $repo -}}
{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{- define "inkflow.saslEnabled" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{- define "inkflow.tlsTruststoreEnabled" -}}
{{- if and (hasSuffix "SSL" .Values.kafka.securityProtocol) .Values.kafka.tls.truststoreSecret -}}true{{- end -}}
{{- end -}}

{{- define "inkflow.truststoreMountPath" -}}/etc/inkflow/kafka-truststore{{- end -}}

{{/* The JAAS line for kafka.sasl.jaas.config, built from kafka.sasl.username/password. */}}
{{- define "inkflow.saslJaasConfig" -}}
{{- $s := .Values.kafka.sasl -}}
{{- $module := "org.apache.kafka.common.security.scram.ScramLoginModule" -}}
{{- if eq $s.mechanism "PLAIN" -}}
{{- $module = "org.apache.kafka.common.security.plain.PlainLoginModule" -}}
{{- end -}}
{{- $user := required "kafka.sasl.username is required when kafka.securityProtocol is SASL_* and neither kafka.sasl.existingSecret nor secret.existingSecret is given" $s.username -}}
{{- $pass := required "kafka.sasl.password is required when kafka.securityProtocol is SASL_* and neither kafka.sasl.existingSecret nor secret.existingSecret is given" $s.password -}}
{{- printf "%s required username=\"%s\" password=\"%s\";" $module ($user | replace "\\" "\\\\" | replace "\"" "\\\"") ($pass | replace "\\" "\\\\" | replace "\"" "\\\"") -}}
{{- end -}}

{{/* Name of the native-cache PVC of a service. Call with (dict "root" $ "svc" "trainer"). */}}
{{- define "inkflow.nativeCacheClaim" -}}
{{- $p := (index .root.Values .svc).nativeCache.persistence -}}
{{- default (printf "%s-native-cache" (include "inkflow.svcName" .)) $p.existingClaim -}}
{{- end -}}

{{/* A config value as Quarkus reads it: whole numbers without exponent, lists comma-joined. */}}
{{- define "inkflow.configValue" -}}
{{- if kindIs "float64" . -}}
{{- if eq (floor .) . -}}{{ int64 . }}{{- else -}}{{ . }}{{- end -}}
{{- else if kindIs "slice" . -}}
{{- $items := list -}}
{{- range . }}{{ $items = append $items (include "inkflow.configValue" .) }}{{ end -}}
{{- join "," $items -}}
{{- else if kindIs "map" . -}}
{{- fail "a config value must be a string, number, boolean or list, not a map" -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{/* Environment of the shared ConfigMap, as a dict of env name -> value. */}}
{{- define "inkflow.commonEnv" -}}
{{- $env := dict -}}
{{- $_ := set $env "KAFKA_BOOTSTRAP_SERVERS" (required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers) -}}
{{- $_ = set $env "KAFKA_SECURITY_PROTOCOL" .Values.kafka.securityProtocol -}}
{{- /* Where Strimzi manages the topics the services must not create them; otherwise they create the
missing ones with the default partition count. */ -}}
{{- $_ = set $env "INKFLOW_KAFKA_CREATE_TOPICS" (ternary "false" "true" .Values.kafka.topics.create) -}}
{{- if not .Values.kafka.topics.create -}}
{{- $_ = set $env "INKFLOW_KAFKA_PARTITIONS" (include "inkflow.configValue" .Values.kafka.topics.defaults.partitions) -}}
{{- end -}}
{{- /* The services listen on loopback by default (local demo); in a pod they must listen on all interfaces. */ -}}
{{- $_ = set $env "QUARKUS_HTTP_HOST" "0.0.0.0" -}}
{{- if include "inkflow.saslEnabled" . -}}
{{- $_ = set $env "KAFKA_SASL_MECHANISM" .Values.kafka.sasl.mechanism -}}
{{- end -}}
{{- if include "inkflow.tlsTruststoreEnabled" . -}}
{{- $_ = set $env "KAFKA_SSL_TRUSTSTORE_LOCATION" (printf "%s/%s" (include "inkflow.truststoreMountPath" .) .Values.kafka.tls.truststoreKey) -}}
{{- $_ = set $env "KAFKA_SSL_TRUSTSTORE_TYPE" .Values.kafka.tls.truststoreType -}}
{{- end -}}
{{- $_ = set $env "INKFLOW_S3_ENDPOINT" (required "s3.endpoint is required" .Values.s3.endpoint) -}}
{{- $_ = set $env "INKFLOW_S3_BUCKET" .Values.s3.bucket -}}
{{- $_ = set $env "INKFLOW_S3_REGION" .Values.s3.region -}}
{{- $_ = set $env "INKFLOW_S3_CREDENTIALS" .Values.s3.credentials -}}
{{- if eq .Values.s3.credentials "minio-sts" -}}
{{- $_ = set $env "INKFLOW_S3_WEB_IDENTITY_TOKEN_FILE" (printf "%s/token" (include "inkflow.s3TokenMountPath" .)) -}}
{{- $_ = set $env "INKFLOW_S3_CREDENTIALS_DURATION_SECONDS" (toString .Values.s3.sts.credentialsDurationSeconds) -}}
{{- with .Values.s3.sts.endpoint }}{{ $_ = set $env "INKFLOW_S3_STS_ENDPOINT" . }}{{ end -}}
{{- with .Values.s3.sts.roleArn }}{{ $_ = set $env "INKFLOW_S3_ROLE_ARN" . }}{{ end -}}
{{- end -}}
{{- $_ = set $env "QUARKUS_LOG_CONSOLE_JSON_ENABLED" (toString .Values.logging.json) -}}
{{- $_ = set $env "INKFLOW_TRACING_ENABLED" (toString .Values.tracing.enabled) -}}
{{- with .Values.tracing.otlp.endpoint }}{{ $_ = set $env "INKFLOW_TRACING_OTLP_ENDPOINT" . }}{{ end -}}
{{- range $k, $v := .Values.commonConfig -}}
{{- $_ = set $env (include "inkflow.envName" $k) (include "inkflow.configValue" $v) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* Environment of one service's ConfigMap: its port, its first-class values, then its config map. */}}
{{- define "inkflow.svcEnv" -}}
{{- $v := index .root.Values .svc -}}
{{- $env := dict "QUARKUS_HTTP_PORT" (toString $v.port) -}}
{{- if and (eq .svc "crawler") $v.allowPrivateHosts -}}
{{- $_ := set $env "INKFLOW_CRAWLER_ALLOW_PRIVATE_HOSTS" (join "," $v.allowPrivateHosts) -}}
{{- end -}}
{{- if eq .svc "trainer" -}}
{{- $_ := set $env "INKFLOW_TRAINER_DEVICE" (ternary "gpu" "cpu" $v.gpu.enabled) -}}
{{- end -}}
{{- if eq .svc "inference" -}}
{{- $_ := set $env "INKFLOW_INFERENCE_MODEL_NAME" $v.modelName -}}
{{- $_ := set $env "INKFLOW_INFERENCE_GRPC_ENABLED" (toString $v.grpc.enabled) -}}
{{- $_ := set $env "INKFLOW_INFERENCE_GRPC_PORT" (toString $v.grpc.port) -}}
{{- /* Loopback by default like HTTP (QUARKUS_HTTP_HOST in the common env); a pod listens on all interfaces. */ -}}
{{- $_ := set $env "INKFLOW_INFERENCE_GRPC_HOST" "0.0.0.0" -}}
{{- end -}}
{{- range $k, $val := $v.config -}}
{{- $_ := set $env (include "inkflow.envName" $k) (include "inkflow.configValue" $val) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* Authentication is always on in the services: refuse a release that could never let anyone in. */}}
{{- define "inkflow.authCheck" -}}
{{- $a := .Values.auth -}}
{{- $keys := or $a.operatorKeys $a.consumerKeys $a.generateKeys .Values.secret.existingSecret -}}
{{- if and $a.jwt.issuer (not $a.jwt.publicKeyLocation) -}}
{{- fail "auth.jwt.issuer is set without auth.jwt.publicKeyLocation: give the issuer's JWKS URL or PEM file" -}}
{{- end -}}
{{- if and $a.jwt.publicKeyLocation (not $a.jwt.issuer) -}}
{{- fail "auth.jwt.publicKeyLocation is set without auth.jwt.issuer: give the issuer (iss) the tokens must name" -}}
{{- end -}}
{{- if not (or $keys $a.jwt.issuer) -}}
{{- fail "auth: the services need credentials: set auth.operatorKeys (and auth.consumerKeys), auth.generateKeys=true, secret.existingSecret holding auth-operator-keys/auth-consumer-keys, or auth.jwt.issuer with auth.jwt.publicKeyLocation" -}}
{{- end -}}
{{- end -}}

{{/* Whether the pods read API keys from a Secret (the chart's or an existing one). */}}
{{- define "inkflow.authKeysInSecret" -}}
{{- $a := .Values.auth -}}
{{- if or $a.operatorKeys $a.consumerKeys $a.generateKeys .Values.secret.existingSecret -}}true{{- end -}}
{{- end -}}

{{/* Where the projected service-account token for S3 (credentials=minio-sts) is mounted. */}}
{{- define "inkflow.s3TokenMountPath" -}}
/var/run/secrets/inkflow/s3
{{- end -}}

{{/* The drawing `helm test` colorizes: a 96x64 grayscale PNG, base64. */}}
{{- define "inkflow.testDrawing" -}}
iVBORw0KGgoAAAANSUhEUgAAAGAAAABACAAAAADAXy3SAAAAkklEQVR42u3YQRKAIAwDwP7/03ryIlJTJNgy4ajSnUGUgB3kZgIElAJsZvsJmDcuAgR0u7WzcCJwlUaIAeBW84WIA2098x+PAc/FzOsQBSKX48CnGwDgDDbQJQGAzse0AP7NCqgLjCQ3vQMBm/3sNlhw+GsyP1XwcxE92S3Ipvx0vWB/oD2aAAiofpyjMzsBWYETw21P2IEhOAQAAAAASUVORK5CYII=
{{- end -}}

{{/* No S3 credentials are built into the services: a release with static keys must give them (ADR 0032). */}}
{{- define "inkflow.s3Check" -}}
{{- if and (eq .Values.s3.credentials "static") (not .Values.secret.existingSecret) (not (and .Values.s3.accessKey .Values.s3.secretKey)) -}}
{{- fail "s3: the services need S3 credentials: set s3.accessKey and s3.secretKey, or secret.existingSecret holding them, or use a workload identity (s3.credentials=aws-iam or minio-sts)" -}}
{{- end -}}
{{- end -}}

