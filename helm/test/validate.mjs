// Offline checks of the Inkflow Helm chart: renders it with helm, validates every object against the
// Kubernetes schemas (kubernetes-models) or, for CRDs, against their required structure, and asserts
// the chart's production rules. Each rule is a function returning a list of problems, and each rule is
// also run on a broken copy of a rendered object to show that it can fail.
//
// Run by validate.sh as: HELM=.bin/helm node --test --test-reporter=spec validate.mjs
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHART = path.resolve(HERE, "../inkflow");
// INKFLOW_REPO points the env-name check at another checkout (e.g. to try it against changed services).
const REPO = process.env.INKFLOW_REPO ?? path.resolve(HERE, "../..");
const HELM = process.env.HELM ?? path.join(HERE, ".bin/helm");
const FULL = path.join(HERE, "values-full.yaml");
// Credentials for the services: the chart refuses to render without; every render but the auth guards' uses it.
const AUTH = path.join(HERE, "values-auth.yaml");

// ---------------------------------------------------------------------------------------------------
// What the services read (see the chart README): the shared properties every service has, and for a
// service whose application.properties does not exist yet, the first-class properties the chart sets.
// ---------------------------------------------------------------------------------------------------
const SERVICES = {
  crawler: "crawler-svc",
  cleaner: "cleaner-svc",
  trainer: "trainer-svc",
  evaluator: "evaluator-svc",
  inference: "inference-svc",
};
const SHARED_PROPERTIES = [
  "kafka.bootstrap.servers",
  "kafka.security.protocol",
  "kafka.sasl.mechanism",
  "kafka.sasl.jaas.config",
  "kafka.ssl.truststore.location",
  "kafka.ssl.truststore.password",
  "kafka.ssl.truststore.type",
  "inkflow.s3.endpoint",
  "inkflow.s3.access-key",
  "inkflow.s3.secret-key",
  "inkflow.s3.bucket",
  "inkflow.s3.region",
  "inkflow.s3.credentials",
  "inkflow.s3.web-identity-token-file",
  "inkflow.s3.sts-endpoint",
  "inkflow.s3.role-arn",
  "inkflow.s3.credentials-duration-seconds",
  "quarkus.http.port",
  // A Quarkus core property every service has; values-full.yaml sets it through commonConfig.
  "quarkus.log.level",
  // Authentication (org.inkflow.common.auth): optional, so commented out in application.properties.
  "inkflow.auth.operator-keys",
  "inkflow.auth.consumer-keys",
  "mp.jwt.verify.issuer",
  "mp.jwt.verify.publickey.location",
  // Logs and tracing (org.inkflow.common.tracing, ADR 0036): logging.json and tracing.* in values.yaml.
  "quarkus.log.console.json.enabled",
  "inkflow.tracing.enabled",
  "inkflow.tracing.otlp.endpoint",
];
const FIRST_CLASS_PROPERTIES = {
  crawler: ["inkflow.crawler.allow-private-hosts"],
  trainer: ["inkflow.trainer.device"],
  inference: ["inkflow.inference.model-name"],
};
// Read by the java launcher (the images' entrypoint), not by Quarkus.
const RUNTIME_ENV = new Set(["JDK_JAVA_OPTIONS"]);

const TOPICS = {
  "inkflow.crawl.jobs": { consumed: true, compacted: false },
  "inkflow.images.raw": { consumed: true, compacted: false },
  "inkflow.samples.cleaned": { consumed: false, compacted: false },
  "inkflow.samples.rejected": { consumed: false, compacted: false },
  "inkflow.datasets": { consumed: true, compacted: true },
  "inkflow.training.requests": { consumed: true, compacted: false },
  "inkflow.training.progress": { consumed: false, compacted: false },
  "inkflow.models.candidates": { consumed: true, compacted: false },
  "inkflow.models.evaluations": { consumed: false, compacted: false },
  "inkflow.models.promotions": { consumed: true, compacted: true },
  "inkflow.training.trials": { consumed: true, compacted: false },
  "inkflow.datasets.builds": { consumed: true, compacted: false },
  "inkflow.samples.hashes": { consumed: true, compacted: true },
};

// ---------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------
function helm(args, { chart = CHART, auth = true } = {}) {
  const r = spawnSync(HELM, ["template", "inkflow", chart, "--namespace", "inkflow", ...(auth ? ["-f", AUTH] : []), ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return r;
}

function render(args = [], opts = {}) {
  const r = helm(args, opts);
  if (r.status !== 0) throw new Error(`helm template ${args.join(" ")} failed:\n${r.stderr}`);
  return yaml.loadAll(r.stdout).filter((d) => d && typeof d === "object");
}

const find = (docs, kind, pred = () => true) => docs.filter((d) => d.kind === kind && pred(d));
const component = (d) => d?.metadata?.labels?.["app.kubernetes.io/component"];
const clone = (o) => structuredClone(o);

// ---------------------------------------------------------------------------------------------------
// Rule: every object is valid against its schema
// ---------------------------------------------------------------------------------------------------
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
const isStringMap = (m) =>
  m !== null && typeof m === "object" && !Array.isArray(m) && Object.values(m).every((v) => typeof v === "string");

function modelClass(apiVersion, kind) {
  try {
    const mod = require(`kubernetes-models/${apiVersion}/${kind}`);
    return mod[kind];
  } catch (e) {
    if (e.code === "MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw e;
  }
}

const CRD_CHECKS = {
  "monitoring.coreos.com/v1/ServiceMonitor": (o) => {
    const p = [];
    const s = o.spec ?? {};
    if (!s.selector || typeof s.selector !== "object") p.push("spec.selector is required");
    if (!Array.isArray(s.endpoints) || s.endpoints.length === 0) p.push("spec.endpoints must be a non-empty list");
    for (const [i, e] of (s.endpoints ?? []).entries()) {
      if (typeof e.port !== "string" || !e.port) p.push(`spec.endpoints[${i}].port must be a port name`);
      if (e.path !== undefined && !String(e.path).startsWith("/")) p.push(`spec.endpoints[${i}].path must start with /`);
      for (const f of ["interval", "scrapeTimeout"])
        if (e[f] !== undefined && !DURATION.test(e[f])) p.push(`spec.endpoints[${i}].${f} is not a duration`);
    }
    return p;
  },
  "monitoring.coreos.com/v1/PrometheusRule": (o) => {
    const p = [];
    const groups = o.spec?.groups;
    if (!Array.isArray(groups) || groups.length === 0) p.push("spec.groups must be a non-empty list");
    for (const [i, g] of (groups ?? []).entries()) {
      if (typeof g.name !== "string" || !g.name) p.push(`spec.groups[${i}].name is required`);
      if (!Array.isArray(g.rules)) p.push(`spec.groups[${i}].rules must be a list`);
      for (const [j, r] of (g.rules ?? []).entries()) {
        const at = `spec.groups[${i}].rules[${j}]`;
        if (!!r.alert === !!r.record) p.push(`${at} needs exactly one of alert or record`);
        if (typeof r.expr !== "string" && typeof r.expr !== "number") p.push(`${at}.expr is required`);
        if (r.for !== undefined && !DURATION.test(r.for)) p.push(`${at}.for is not a duration`);
        for (const f of ["labels", "annotations"])
          if (r[f] !== undefined && !isStringMap(r[f])) p.push(`${at}.${f} must map strings to strings`);
      }
    }
    return p;
  },
  KafkaTopic: (o) => {
    const p = [];
    if (!["kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"].includes(o.apiVersion))
      p.push(`KafkaTopic apiVersion ${o.apiVersion} is not a Strimzi one`);
    if (!o.metadata?.labels?.["strimzi.io/cluster"]) p.push("metadata.labels[strimzi.io/cluster] is required");
    const s = o.spec ?? {};
    if (!Number.isInteger(s.partitions) || s.partitions < 1) p.push("spec.partitions must be an integer >= 1");
    if (!Number.isInteger(s.replicas) || s.replicas < 1 || s.replicas > 32767) p.push("spec.replicas must be an integer in 1..32767");
    if (s.topicName !== undefined && typeof s.topicName !== "string") p.push("spec.topicName must be a string");
    if (s.config !== undefined) {
      if (typeof s.config !== "object" || Array.isArray(s.config)) p.push("spec.config must be a map");
      else
        for (const [k, v] of Object.entries(s.config))
          if (!["string", "number", "boolean"].includes(typeof v)) p.push(`spec.config.${k} must be a scalar`);
    }
    return p;
  },
};

function schemaProblems(o) {
  const p = [];
  const id = `${o.kind}/${o.metadata?.name}`;
  if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") return [`${id}: apiVersion and kind are required`];
  const name = o.metadata?.name;
  if (typeof name !== "string" || name.length > 253 || !DNS_SUBDOMAIN.test(name)) p.push(`${id}: metadata.name is not a DNS subdomain`);
  for (const f of ["labels", "annotations"])
    if (o.metadata?.[f] !== undefined && !isStringMap(o.metadata[f])) p.push(`${id}: metadata.${f} must map strings to strings`);
  for (const [k, v] of Object.entries(o.metadata?.labels ?? {}))
    if (String(v).length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(String(v)))
      p.push(`${id}: label ${k}=${v} is not a valid label value`);

  const crd = CRD_CHECKS[`${o.apiVersion}/${o.kind}`] ?? (o.kind === "KafkaTopic" ? CRD_CHECKS.KafkaTopic : undefined);
  if (crd) return p.concat(crd(o).map((m) => `${id}: ${m}`));
  const Model = modelClass(o.apiVersion, o.kind);
  if (!Model) return p.concat(`${id}: no schema known for ${o.apiVersion} ${o.kind}`);
  try {
    new Model(o).validate();
  } catch (e) {
    p.push(`${id}: ${e.message}`);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Rule: every Deployment is production-safe
// ---------------------------------------------------------------------------------------------------
function deploymentProblems(d) {
  const p = [];
  const id = `Deployment/${d.metadata?.name}`;
  const pod = d.spec?.template?.spec ?? {};
  const podSc = pod.securityContext ?? {};
  const ann = d.spec?.template?.metadata?.annotations ?? {};
  const containers = pod.containers ?? [];
  if (containers.length === 0) p.push(`${id}: no containers`);
  const emptyDirs = new Set((pod.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
  for (const c of containers) {
    const at = `${id}/${c.name}`;
    const sc = c.securityContext ?? {};
    const probePath = (pr) => pr?.httpGet?.path;
    if (probePath(c.livenessProbe) !== "/q/health/live") p.push(`${at}: livenessProbe must GET /q/health/live`);
    if (probePath(c.readinessProbe) !== "/q/health/ready") p.push(`${at}: readinessProbe must GET /q/health/ready`);
    if (c.startupProbe && !String(probePath(c.startupProbe)).startsWith("/q/health/")) p.push(`${at}: startupProbe must GET /q/health/*`);
    for (const kind of ["requests", "limits"])
      for (const r of ["cpu", "memory"])
        if (c.resources?.[kind]?.[r] === undefined) p.push(`${at}: resources.${kind}.${r} is missing`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) p.push(`${at}: runAsNonRoot must be true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) p.push(`${at}: runAsUser must not be 0`);
    if (sc.allowPrivilegeEscalation !== false) p.push(`${at}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) p.push(`${at}: capabilities.drop must include ALL`);
    if (sc.privileged === true) p.push(`${at}: must not be privileged`);
    if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== "RuntimeDefault") p.push(`${at}: seccompProfile must be RuntimeDefault`);
    if (sc.readOnlyRootFilesystem !== true) p.push(`${at}: readOnlyRootFilesystem must be true`);
    const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
    if (!tmp || !emptyDirs.has(tmp.name)) p.push(`${at}: /tmp must be a writable emptyDir`);
    const port = c.ports?.find((x) => x.name === "http")?.containerPort;
    if (!port) p.push(`${at}: needs a container port named http`);
    if (ann["prometheus.io/scrape"] !== "true" || ann["prometheus.io/path"] !== "/q/metrics" || ann["prometheus.io/port"] !== String(port))
      p.push(`${at}: prometheus.io scrape annotations must point at /q/metrics on port ${port}`);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Rule: every env var a service gets names one of its config properties
// ---------------------------------------------------------------------------------------------------
export const envName = (property) => property.replace(/[^A-Za-z0-9]/g, "_").toUpperCase();

// Property names of a .properties file (comments, blank lines, continuations and %profile. prefixes handled).
function readPropertyNames(file) {
  const names = [];
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].trim();
    if (!line || line.startsWith("#") || line.startsWith("!")) continue;
    const m = /^((?:\\.|[^=:\s\\])+)/.exec(line);
    if (!m) continue;
    names.push(m[1].replace(/\\(.)/g, "$1").replace(/^%[^.]+\./, ""));
  }
  return names;
}

const knownCache = new Map();
function knownProperties(svc, repo = REPO) {
  const key = `${repo}:${svc}`;
  if (!knownCache.has(key)) {
    const file = path.join(repo, SERVICES[svc], "src/main/resources/application.properties");
    const fromFile = fs.existsSync(file);
    const props = [...SHARED_PROPERTIES, ...(fromFile ? readPropertyNames(file) : FIRST_CLASS_PROPERTIES[svc] ?? [])];
    knownCache.set(key, { fromFile, file, envNames: new Set(props.map(envName)) });
  }
  return knownCache.get(key);
}

function renderedEnvNames(d, docs) {
  const names = [];
  for (const c of d.spec.template.spec.containers) {
    for (const e of c.env ?? []) names.push(e.name);
    for (const src of c.envFrom ?? []) {
      const ref = src.configMapRef ?? src.secretRef;
      const kind = src.configMapRef ? "ConfigMap" : "Secret";
      const obj = find(docs, kind, (o) => o.metadata.name === ref.name)[0];
      if (!obj) {
        names.push(`<envFrom ${kind} ${ref.name} is not rendered>`);
        continue;
      }
      for (const k of Object.keys({ ...obj.data, ...obj.stringData })) names.push((src.prefix ?? "") + k);
    }
  }
  return names;
}

function envProblems(d, docs, repo = REPO) {
  const svc = component(d);
  if (!SERVICES[svc]) return [`Deployment/${d.metadata.name}: unknown component ${svc}`];
  const known = knownProperties(svc, repo);
  return renderedEnvNames(d, docs)
    .filter((n) => !RUNTIME_ENV.has(n) && !known.envNames.has(n))
    .map((n) => `${svc}: env ${n} matches no property of ${known.fromFile ? path.relative(repo, known.file) : "the shared list (no application.properties yet)"}`);
}

// ---------------------------------------------------------------------------------------------------
// Rule: the trainer asks for a GPU exactly when it is enabled
// ---------------------------------------------------------------------------------------------------
function gpuProblems(docs, { enabled, count = 1, resource = "nvidia.com/gpu" }) {
  const p = [];
  const d = find(docs, "Deployment", (o) => component(o) === "trainer")[0];
  if (!d) return ["no trainer Deployment rendered"];
  const c = d.spec.template.spec.containers[0];
  const asked = c.resources?.limits?.[resource];
  const cm = find(docs, "ConfigMap", (o) => component(o) === "trainer")[0];
  const device = cm?.data?.INKFLOW_TRAINER_DEVICE;
  if (enabled) {
    if (Number(asked) !== count) p.push(`trainer limits.${resource} is ${asked}, expected ${count}`);
    if (device !== "gpu") p.push(`trainer INKFLOW_TRAINER_DEVICE is ${device}, expected gpu`);
    if (!/-gpu$/.test(c.image)) p.push(`trainer image ${c.image} is not the gpu variant`);
    if (!(d.spec.template.spec.tolerations ?? []).some((t) => t.key === resource)) p.push(`trainer has no ${resource} toleration`);
  } else {
    const anyGpu = Object.keys({ ...c.resources?.limits, ...c.resources?.requests }).filter((k) => /gpu/i.test(k));
    if (anyGpu.length) p.push(`trainer asks for ${anyGpu.join(", ")} although gpu.enabled is false`);
    if (device !== "cpu") p.push(`trainer INKFLOW_TRAINER_DEVICE is ${device}, expected cpu`);
    if (/-gpu$/.test(c.image)) p.push(`trainer image ${c.image} is the gpu variant although gpu.enabled is false`);
  }
  const cache = d.spec.template.spec.volumes.find((v) => v.name === "native-cache");
  const mount = c.volumeMounts.find((m) => m.name === "native-cache");
  const opts = c.env.find((e) => e.name === "JDK_JAVA_OPTIONS")?.value ?? "";
  if (!cache || !mount || !opts.includes(`-Dorg.bytedeco.javacpp.cachedir=${mount?.mountPath}`))
    p.push("trainer must mount the native cache and point -Dorg.bytedeco.javacpp.cachedir at it");
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Rule: the chart's default images are what `./inkflow images` builds (ADR 0035): inkflow/<quarkus.application.name>
// tagged with pom.xml's inkflow.image.tag (= the chart's appVersion), the GPU variant's suffix as the gpu profile
// sets it, and the pods running as the user the images run as (quarkus.jib.user, images/base.sh's uid).
// ---------------------------------------------------------------------------------------------------
export function imageBuild(repo = REPO) {
  const pom = fs.readFileSync(path.join(repo, "pom.xml"), "utf8");
  const prop = (name) => new RegExp(`<${name.replace(/\./g, "\\.")}>([^<]*)</`).exec(pom)?.[1];
  const names = {};
  for (const [svc, dir] of Object.entries(SERVICES)) {
    const props = fs.readFileSync(path.join(repo, dir, "src/main/resources/application.properties"), "utf8");
    names[svc] = /^quarkus\.application\.name\s*[=:]\s*(\S+)/m.exec(props)?.[1];
  }
  const gpuProfile = /<id>gpu<\/id>[\s\S]*?<\/profile>/.exec(pom)?.[0] ?? "";
  const baseUid = /^uid=(\d+)$/m.exec(fs.readFileSync(path.join(repo, "images/base.sh"), "utf8"))?.[1];
  return {
    group: prop("quarkus.container-image.group"),
    tag: prop("inkflow.image.tag"),
    gpuSuffix: /<inkflow\.image\.variant>([^<]*)</.exec(gpuProfile)?.[1],
    user: prop("quarkus.jib.user"),
    baseUid,
    names,
  };
}

function imageProblems(docs, chart, build, { gpu = false } = {}) {
  const p = [];
  if (chart.appVersion !== build.tag) p.push(`Chart.yaml appVersion ${chart.appVersion} is not pom.xml's inkflow.image.tag ${build.tag}`);
  const [uid, gid] = (build.user ?? "").split(":");
  if (uid !== build.baseUid) p.push(`quarkus.jib.user ${build.user} is not images/base.sh's uid ${build.baseUid}`);
  for (const d of find(docs, "Deployment")) {
    const svc = component(d);
    const suffix = gpu && svc === "trainer" ? build.gpuSuffix : "";
    const expected = `${build.group}/${build.names[svc]}:${build.tag}${suffix}`;
    const image = d.spec.template.spec.containers[0].image;
    if (image !== expected) p.push(`${svc}: image ${image}, but the build pushes ${expected}`);
    const sc = d.spec.template.spec.securityContext ?? {};
    if (String(sc.runAsUser) !== uid || String(sc.runAsGroup) !== gid)
      p.push(`${svc}: runs as ${sc.runAsUser}:${sc.runAsGroup}, the images as ${build.user}`);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Rule: every topic and dead-letter topic exists with the right cleanup.policy
// ---------------------------------------------------------------------------------------------------
function topicProblems(docs) {
  const p = [];
  const topics = new Map(find(docs, "KafkaTopic").map((t) => [t.spec?.topicName ?? t.metadata.name, t]));
  const expected = new Map();
  for (const [name, t] of Object.entries(TOPICS)) {
    expected.set(name, t.compacted ? "compact" : "delete");
    if (t.consumed) expected.set(`${name}.dlq`, "delete");
  }
  for (const [name, policy] of expected) {
    const t = topics.get(name);
    if (!t) {
      p.push(`KafkaTopic ${name} is missing`);
      continue;
    }
    const cfg = t.spec.config ?? {};
    if (cfg["cleanup.policy"] !== policy) p.push(`${name}: cleanup.policy is ${cfg["cleanup.policy"]}, expected ${policy}`);
    if (policy === "delete" && !(Number(cfg["retention.ms"]) > 0)) p.push(`${name}: a delete-policy topic needs retention.ms`);
  }
  for (const name of topics.keys()) if (!expected.has(name)) p.push(`KafkaTopic ${name} is not an Inkflow topic`);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------
const renders = {};
before(() => {
  renders.default = render();
  renders.full = render(["-f", FULL]);
});

for (const name of ["default", "full"]) {
  describe(`${name} values`, () => {
    test("every object validates against its schema", () => {
      assert.ok(renders[name].length > 10, "too few objects rendered");
      assert.deepEqual(renders[name].flatMap(schemaProblems), []);
    });

    test("a Deployment and a Service per service", () => {
      for (const svc of Object.keys(SERVICES)) {
        assert.equal(find(renders[name], "Deployment", (d) => component(d) === svc).length, 1, `${svc} Deployment`);
        assert.equal(find(renders[name], "Service", (d) => component(d) === svc).length, 1, `${svc} Service`);
      }
    });

    test("every Deployment has probes, requests and limits, and a non-root locked-down securityContext", () => {
      assert.deepEqual(find(renders[name], "Deployment").flatMap(deploymentProblems), []);
    });

    test("env names match the services' config properties", (t) => {
      for (const svc of Object.keys(SERVICES)) {
        const k = knownProperties(svc);
        t.diagnostic(`${svc}: ${k.fromFile ? path.relative(REPO, k.file) : "no application.properties yet: shared + first-class list"}`);
      }
      assert.deepEqual(find(renders[name], "Deployment").flatMap((d) => envProblems(d, renders[name])), []);
    });
  });
}

describe("images", () => {
  const chart = () => yaml.load(fs.readFileSync(path.join(CHART, "Chart.yaml"), "utf8"));
  test("default images and user are what ./inkflow images builds", () =>
    assert.deepEqual(imageProblems(renders.default, chart(), imageBuild()), []));
  test("with gpu.enabled the trainer takes the GPU variant's tag", () =>
    assert.deepEqual(imageProblems(render(["--set", "trainer.gpu.enabled=true"]), chart(), imageBuild(), { gpu: true }), []));
});

describe("trainer GPU", () => {
  test("no GPU asked for by default", () => assert.deepEqual(gpuProblems(renders.default, { enabled: false }), []));
  test("GPU limit, gpu image, device=gpu and toleration when enabled", () =>
    assert.deepEqual(gpuProblems(renders.full, { enabled: true, count: 2 }), []));
  test("scaled to zero renders replicas: 0", () => {
    const d = find(render(["--set", "trainer.replicas=0"]), "Deployment", (o) => component(o) === "trainer")[0];
    assert.equal(d.spec.replicas, 0);
  });
});

describe("Kafka topics", () => {
  test("none by default", () => assert.equal(find(renders.default, "KafkaTopic").length, 0));
  test("every topic and .dlq with the right cleanup.policy", () => assert.deepEqual(topicProblems(renders.full), []));
  test("partitions and retention follow the values", () => {
    const t = (n) => find(renders.full, "KafkaTopic", (o) => o.spec.topicName === n)[0];
    assert.equal(t("inkflow.images.raw").spec.partitions, 12);
    assert.equal(t("inkflow.crawl.jobs").spec.partitions, 6);
    assert.equal(t("inkflow.crawl.jobs.dlq").spec.partitions, 1);
    assert.equal(t("inkflow.training.progress").spec.config["retention.ms"], "259200000");
    assert.equal(t("inkflow.crawl.jobs").spec.config["retention.ms"], "1209600000");
    assert.equal(t("inkflow.crawl.jobs").spec.config["min.insync.replicas"], "2");
    assert.equal(t("inkflow.datasets").spec.config["retention.ms"], undefined);
    assert.equal(t("inkflow.datasets").metadata.namespace, "kafka");
  });
});

describe("inference", () => {
  test("HPA on CPU and the custom queue-depth metric, no fixed replicas", () => {
    const hpa = find(renders.full, "HorizontalPodAutoscaler")[0];
    assert.ok(hpa);
    assert.deepEqual(hpa.spec.metrics.map((m) => m.type), ["Resource", "Pods"]);
    assert.equal(hpa.spec.metrics[1].pods.metric.name, "inkflow_inference_queue_depth_requests");
    const d = find(renders.full, "Deployment", (o) => component(o) === "inference")[0];
    assert.equal(d.spec.replicas, undefined);
  });
  test("PDB, topology spread and TLS Ingress", () => {
    assert.equal(find(renders.full, "PodDisruptionBudget", (o) => component(o) === "inference")[0].spec.maxUnavailable, 1);
    const d = find(renders.full, "Deployment", (o) => component(o) === "inference")[0];
    assert.deepEqual(d.spec.template.spec.topologySpreadConstraints.map((c) => c.topologyKey), [
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
    const ing = find(renders.full, "Ingress")[0];
    assert.equal(ing.spec.tls[0].secretName, "colorize-example-com-tls");
    assert.equal(ing.spec.rules[0].http.paths[0].backend.service.name, d.metadata.name);
  });
  test("services listen on all interfaces; Strimzi-managed topics are not created by the services", () => {
    const common = (docs) => find(docs, "ConfigMap", (o) => o.metadata.name.endsWith("-common"))[0].data;
    assert.equal(common(renders.default).QUARKUS_HTTP_HOST, "0.0.0.0");
    assert.equal(common(renders.default).INKFLOW_KAFKA_CREATE_TOPICS, "true");
    assert.equal(common(renders.default).INKFLOW_KAFKA_PARTITIONS, "3");
    assert.equal(common(renders.full).INKFLOW_KAFKA_CREATE_TOPICS, "false");
  });
  test("a config entry overrides the first-class value", () => {
    const cm = find(renders.full, "ConfigMap", (o) => component(o) === "inference")[0];
    assert.equal(cm.data.INKFLOW_INFERENCE_MODEL_NAME, "colorizer-v2");
  });
});

describe("replicas", () => {
  const STATEFUL = ["crawler", "cleaner", "trainer", "evaluator"];
  test("a PDB per service by default, the stateful four allowing one pod down at a time", () => {
    const pdbs = new Map(find(renders.default, "PodDisruptionBudget").map((o) => [component(o), o.spec]));
    assert.deepEqual([...pdbs.keys()].sort(), [...STATEFUL, "inference"].sort());
    for (const svc of STATEFUL) assert.deepEqual(pdbs.get(svc).maxUnavailable, 1, svc);
    assert.equal(pdbs.get("inference").minAvailable, 1);
  });
  test("crawler, cleaner and evaluator run two replicas by default; the trainer one (a GPU each)", () => {
    const replicas = Object.fromEntries(find(renders.default, "Deployment").map((d) => [component(d), d.spec.replicas]));
    assert.deepEqual(replicas, { crawler: 2, cleaner: 2, trainer: 1, evaluator: 2, inference: 2 });
  });
  test("every service renders at three replicas with its PDB", () => {
    const r = render(["--set", STATEFUL.map((s) => `${s}.replicas=3`).join(",")]);
    for (const svc of STATEFUL) {
      const d = find(r, "Deployment", (o) => component(o) === svc)[0];
      assert.equal(d.spec.replicas, 3, svc);
      assert.equal(find(r, "PodDisruptionBudget", (o) => component(o) === svc).length, 1, svc);
    }
  });
  test("a PDB with neither minAvailable nor maxUnavailable fails with a clear message", () => {
    const r = helm(["--set", "cleaner.pdb.maxUnavailable="]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /cleaner.pdb: set minAvailable or maxUnavailable/);
  });
  test("a PDB can be turned off per service", () => {
    const r = render(["--set", "crawler.pdb.enabled=false"]);
    assert.equal(find(r, "PodDisruptionBudget", (o) => component(o) === "crawler").length, 0);
  });
});

describe("install notes and guards", () => {
  for (const [name, args] of [["default", []], ["full", ["-f", FULL]]]) {
    test(`NOTES.txt renders (${name} values)`, () => {
      const r = spawnSync(HELM, ["install", "inkflow", CHART, "--dry-run=client", "--namespace", "inkflow", "-f", AUTH, ...args], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /NOTES:\n[^]*inkflow-inference:8080/);
    });
  }
  test("autoscaling with minReplicas above maxReplicas fails", () => {
    const r = helm(["--set", "inference.autoscaling.enabled=true,inference.autoscaling.minReplicas=5,inference.autoscaling.maxReplicas=3"]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /minReplicas \(5\) is above maxReplicas \(3\)/);
  });
});

describe("secrets", () => {
  test("existingSecret: no Secret rendered, pods read the named keys", () => {
    assert.equal(find(renders.full, "Secret").length, 0);
    const env = find(renders.full, "Deployment", (o) => component(o) === "cleaner")[0].spec.template.spec.containers[0].env;
    const ref = (n) => env.find((e) => e.name === n)?.valueFrom?.secretKeyRef;
    assert.deepEqual(ref("INKFLOW_S3_ACCESS_KEY"), { name: "inkflow-credentials", key: "accesskey" });
    assert.equal(ref("KAFKA_SASL_JAAS_CONFIG").name, "inkflow-credentials");
  });
  test("created Secret holds S3 keys, API keys and the JAAS line", () => {
    const docs = render([
      "--set", "s3.accessKey=AK,s3.secretKey=SK,auth.operatorKeys={key-one-0123456789,key-two-0123456789}",
      "--set", "kafka.securityProtocol=SASL_SSL,kafka.sasl.username=inkflow,kafka.sasl.password=p\"w",
    ]);
    assert.deepEqual(docs.flatMap(schemaProblems), []);
    const s = find(docs, "Secret")[0];
    const data = Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
    assert.equal(data["s3-access-key"], "AK");
    assert.equal(data["auth-operator-keys"], "key-one-0123456789,key-two-0123456789");
    assert.equal(data["auth-consumer-keys"], "test-consumer-key-0123456789");
    assert.equal(
      data["kafka-sasl-jaas-config"],
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="inkflow" password="p\\"w";',
    );
  });
  test("Strimzi KafkaUser: the JAAS line comes from the user's Secret, not the chart's", () => {
    const docs = render([
      "--set", "s3.accessKey=AK,s3.secretKey=SK",
      "--set", "kafka.securityProtocol=SASL_SSL,kafka.sasl.existingSecret=inkflow-user",
      "--set", "kafka.tls.truststoreSecret=inkflow-kafka-cluster-ca-cert",
    ]);
    assert.deepEqual(docs.flatMap(schemaProblems), []);
    const data = find(docs, "Secret")[0].data;
    assert.equal(data["kafka-sasl-jaas-config"], undefined);
    const env = find(docs, "Deployment", (o) => component(o) === "cleaner")[0].spec.template.spec.containers[0].env;
    const ref = (n) => env.find((e) => e.name === n)?.valueFrom?.secretKeyRef;
    assert.deepEqual(ref("KAFKA_SASL_JAAS_CONFIG"), { name: "inkflow-user", key: "sasl.jaas.config" });
    assert.deepEqual(ref("KAFKA_SSL_TRUSTSTORE_PASSWORD"), { name: "inkflow-kafka-cluster-ca-cert", key: "ca.password" });
  });
  test("SASL without credentials or existing secret fails with a clear message", () => {
    const r = helm(["--set", "kafka.securityProtocol=SASL_SSL"]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /kafka\.sasl\.username is required/);
  });
});

describe("authentication", () => {
  const env = (docs, svc) => find(docs, "Deployment", (o) => component(o) === svc)[0].spec.template.spec.containers[0].env;
  const secretData = (docs) => Object.fromEntries(Object.entries(find(docs, "Secret")[0].data)
    .map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
  test("neither API keys nor a JWT issuer: the chart refuses to render", () => {
    const r = helm([], { auth: false });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /auth: the services need credentials/);
  });
  test("a JWT issuer without its public key (or the key without an issuer) fails", () => {
    let r = helm(["--set", "auth.jwt.issuer=https://idp.example.com/"], { auth: false });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /auth\.jwt\.issuer is set without auth\.jwt\.publicKeyLocation/);
    r = helm(["--set", "auth.jwt.publicKeyLocation=https://idp.example.com/jwks"], { auth: false });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /without auth\.jwt\.issuer/);
  });
  test("API keys: every service reads both roles' keys from the Secret", () => {
    const docs = renders.default;
    assert.equal(secretData(docs)["auth-operator-keys"], "test-operator-key-0123456789");
    for (const svc of Object.keys(SERVICES)) {
      const ref = (n) => env(docs, svc).find((e) => e.name === n)?.valueFrom?.secretKeyRef;
      assert.equal(ref("INKFLOW_AUTH_OPERATOR_KEYS")?.key, "auth-operator-keys", svc);
      assert.equal(ref("INKFLOW_AUTH_CONSUMER_KEYS")?.key, "auth-consumer-keys", svc);
      assert.equal(env(docs, svc).find((e) => e.name === "MP_JWT_VERIFY_ISSUER"), undefined, svc);
    }
  });
  test("generated keys: long random operator and consumer keys in the Secret, NOTES says how to read them", () => {
    const docs = render(["--set", "auth.generateKeys=true,s3.accessKey=a,s3.secretKey=b"], { auth: false });
    const data = secretData(docs);
    assert.match(data["auth-operator-keys"], /^[A-Za-z0-9]{48}$/);
    assert.match(data["auth-consumer-keys"], /^[A-Za-z0-9]{48}$/);
    assert.notEqual(data["auth-operator-keys"], data["auth-consumer-keys"]);
    const r = spawnSync(HELM, ["install", "inkflow", CHART, "--dry-run=client", "--namespace", "inkflow",
      "--set", "auth.generateKeys=true,s3.accessKey=a,s3.secretKey=b"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /generated operator key:\n.*auth-operator-keys/);
  });
  test("the helm test pod colorizes with the consumer key (or the operator's) from the Secret", () => {
    const p = find(renders.default, "Pod", (o) => o.metadata.annotations?.["helm.sh/hook"] === "test")[0];
    const ref = (n) => p.spec.containers[0].env.find((e) => e.name === n)?.valueFrom?.secretKeyRef;
    assert.equal(ref("CONSUMER_KEYS")?.key, "auth-consumer-keys");
    assert.equal(ref("OPERATOR_KEYS")?.key, "auth-operator-keys");
    assert.match(p.spec.containers[0].args[0], /-H "X-API-Key: \$key"/);
  });
  test("a JWT issuer alone: no Secret for keys, every service verifies tokens from it", () => {
    const docs = render(["--set", "auth.jwt.issuer=https://idp.example.com/,auth.jwt.publicKeyLocation=https://idp.example.com/jwks,s3.credentials=aws-iam"], { auth: false });
    assert.deepEqual(docs.flatMap(schemaProblems), []);
    assert.equal(find(docs, "Secret").length, 0);
    for (const svc of Object.keys(SERVICES)) {
      const value = (n) => env(docs, svc).find((e) => e.name === n)?.value;
      assert.equal(value("MP_JWT_VERIFY_ISSUER"), "https://idp.example.com/", svc);
      assert.equal(value("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), "https://idp.example.com/jwks", svc);
      assert.equal(env(docs, svc).find((e) => e.name === "INKFLOW_AUTH_OPERATOR_KEYS"), undefined, svc);
    }
  });
});

describe("S3 workload identity", () => {
  const envOf = (docs, svc) => find(docs, "Deployment", (o) => component(o) === svc)[0].spec.template.spec.containers[0].env ?? [];
  const configOf = (docs) => find(docs, "ConfigMap", (o) => o.metadata.name === "inkflow-common")[0].data;
  test("minio-sts mounts a projected token with its audience and names it; no static keys", () => {
    const docs = render(["--set", "s3.credentials=minio-sts,s3.accessKey=a,s3.secretKey=b,s3.sts.audience=minio,s3.sts.roleArn=arn:minio:iam:::role/x"]);
    assert.deepEqual(docs.flatMap(schemaProblems), []);
    const config = configOf(docs);
    assert.equal(config.INKFLOW_S3_CREDENTIALS, "minio-sts");
    assert.equal(config.INKFLOW_S3_WEB_IDENTITY_TOKEN_FILE, "/var/run/secrets/inkflow/s3/token");
    assert.equal(config.INKFLOW_S3_ROLE_ARN, "arn:minio:iam:::role/x");
    for (const d of find(docs, "Deployment")) {
      const pod = d.spec.template.spec;
      const token = pod.volumes.find((v) => v.name === "s3-token").projected.sources[0].serviceAccountToken;
      assert.deepEqual(token, { path: "token", audience: "minio", expirationSeconds: 3600 });
      assert.ok(pod.containers[0].volumeMounts.some((m) => m.name === "s3-token" && m.mountPath === "/var/run/secrets/inkflow/s3"));
      assert.deepEqual((pod.containers[0].env ?? []).filter((e) => e.name.startsWith("INKFLOW_S3_")), [], component(d));
    }
  });
  test("aws-iam passes no keys and mounts nothing; the default stays static", () => {
    const docs = render(["--set", "s3.credentials=aws-iam"]);
    assert.equal(configOf(docs).INKFLOW_S3_CREDENTIALS, "aws-iam");
    assert.equal(envOf(docs, "trainer").filter((e) => e.name.startsWith("INKFLOW_S3_")).length, 0);
    assert.equal(find(docs, "Deployment")[0].spec.template.spec.volumes.some((v) => v.name === "s3-token"), false);
    assert.equal(configOf(renders.default).INKFLOW_S3_CREDENTIALS, "static");
  });
  test("static credentials without keys or an existing Secret refuse to render, naming the ways out", () => {
    const r = helm(["--set", "s3.accessKey=,s3.secretKey="]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /s3: the services need S3 credentials: set s3\.accessKey and s3\.secretKey/);
    assert.equal(helm(["--set", "s3.accessKey=,s3.secretKey=,secret.existingSecret=creds"]).status, 0);
    assert.equal(helm(["--set", "s3.accessKey=,s3.secretKey=,s3.credentials=minio-sts"]).status, 0);
  });
  test("an unknown mode or an out-of-range lifetime is refused by the schema", () => {
    for (const set of ["s3.credentials=vault", "s3.sts.credentialsDurationSeconds=60"]) {
      const r = helm(["--set", set]);
      assert.notEqual(r.status, 0, set);
      assert.match(r.stderr, /schema/, set);
    }
  });
});

describe("helm test pod", () => {
  const pod = (docs) => find(docs, "Pod", (o) => o.metadata.annotations?.["helm.sh/hook"] === "test")[0];
  test("asks every enabled service for readiness on its port, then colorizes through the inference Service", () => {
    const p = pod(renders.default);
    assert.ok(p, "a Pod annotated helm.sh/hook: test");
    assert.deepEqual(schemaProblems(p), []);
    const c = p.spec.containers[0];
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    const values = yaml.load(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
    assert.deepEqual(env.SERVICES.split(" "), Object.keys(SERVICES).map((s) => `inkflow-${s}:${values[s].port}`));
    assert.equal(env.COLORIZE_URL, `http://inkflow-inference:${values.inference.port}/colorize`);
    assert.equal(p.spec.securityContext.runAsNonRoot, true);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    const sh = spawnSync("sh", ["-n", "-c", c.args[0]], { encoding: "utf8" });
    assert.equal(sh.status, 0, `the test script does not parse:\n${sh.stderr}`);
    // The drawing it sends is a real PNG of the announced size.
    const png = Buffer.from(/echo '([A-Za-z0-9+\/=]+)' \| base64 -d/.exec(c.args[0])[1], "base64");
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [96, 64]);
  });
  test("a disabled service is not asked; tests.enabled=false renders no pod", () => {
    const env = pod(render(["--set", "inference.enabled=false"])).spec.containers[0].env;
    assert.equal(env.find((e) => e.name === "COLORIZE_URL"), undefined);
    assert.ok(!env.find((e) => e.name === "SERVICES").value.includes("inference"));
    assert.equal(pod(render(["--set", "tests.enabled=false"])), undefined);
  });
});

describe("NetworkPolicy and ServiceMonitor", () => {
  test("one NetworkPolicy per service, the crawler alone reaches the internet", () => {
    const nps = find(renders.full, "NetworkPolicy");
    assert.deepEqual(nps.map(component).sort(), Object.keys(SERVICES).sort());
    const internet = (np) => (np.spec.egress ?? []).some((r) => (r.to ?? []).some((t) => t.ipBlock?.cidr === "0.0.0.0/0"));
    assert.deepEqual(nps.filter(internet).map(component), ["crawler"]);
  });
  test("ServiceMonitor scrapes /q/metrics on the http port", () => {
    const sm = find(renders.full, "ServiceMonitor")[0];
    assert.equal(sm.spec.endpoints[0].path, "/q/metrics");
    assert.equal(sm.spec.endpoints[0].port, "http");
  });
});

describe("alerts and dashboards from files/ (.Files.Glob)", () => {
  let dir;
  const copyChart = (withFiles) => {
    const chart = path.join(dir, withFiles ? "with" : "without", "inkflow");
    fs.cpSync(CHART, chart, { recursive: true, filter: (src) => !src.startsWith(path.join(CHART, "files")) });
    if (withFiles) {
      fs.mkdirSync(path.join(chart, "files/alerts"), { recursive: true });
      fs.mkdirSync(path.join(chart, "files/dashboards"), { recursive: true });
      fs.writeFileSync(
        path.join(chart, "files/alerts/pipeline.yaml"),
        yaml.dump({
          groups: [{ name: "inkflow-pipeline", rules: [{ alert: "InkflowDown", expr: "up == 0", for: "5m", labels: { severity: "page" }, annotations: { summary: "{{ $labels.job }} is down" } }] }],
        }),
      );
      fs.writeFileSync(path.join(chart, "files/alerts/slo.yml"), yaml.dump({ groups: [{ name: "inkflow-slo", rules: [{ record: "x:y", expr: "1" }] }] }));
      fs.writeFileSync(path.join(chart, "files/dashboards/pipeline.json"), JSON.stringify({ title: "Pipeline", panels: [] }));
    }
    return chart;
  };
  const on = ["--set", "metrics.prometheusRule.enabled=true,metrics.dashboards.enabled=true"];
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkflow-helm-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("rendered into a PrometheusRule and a labelled dashboards ConfigMap", () => {
    const docs = render(on, { chart: copyChart(true) });
    assert.deepEqual(docs.flatMap(schemaProblems), []);
    const rule = find(docs, "PrometheusRule")[0];
    assert.deepEqual(rule.spec.groups.map((g) => g.name).sort(), ["inkflow-pipeline", "inkflow-slo"]);
    // Alert templates are Prometheus', not Helm's: they must come through untouched.
    assert.equal(rule.spec.groups.find((g) => g.name === "inkflow-pipeline").rules[0].annotations.summary, "{{ $labels.job }} is down");
    const cm = find(docs, "ConfigMap", (o) => o.metadata.name.endsWith("-dashboards"))[0];
    assert.equal(cm.metadata.labels.grafana_dashboard, "1");
    assert.equal(JSON.parse(cm.data["pipeline.json"]).title, "Pipeline");
  });
  test("nothing rendered while there are no files", () => {
    const docs = render(on, { chart: copyChart(false) });
    assert.equal(find(docs, "PrometheusRule").length, 0);
    assert.equal(find(docs, "ConfigMap", (o) => o.metadata.name.endsWith("-dashboards")).length, 0);
  });
});

describe("values.schema.json rejects bad values", () => {
  const bad = fs.readdirSync(HERE).filter((f) => /^bad-values-.*\.ya?ml$/.test(f)).sort();
  test("there are bad values files", () => assert.ok(bad.length >= 3, `found ${bad.join(", ")}`));
  for (const f of bad) {
    test(f, () => {
      const r = helm(["-f", path.join(HERE, f)]);
      assert.notEqual(r.status, 0, `${f} rendered although it is invalid`);
      assert.match(r.stderr, /schema/, `${f} failed, but not on the schema:\n${r.stderr}`);
    });
  }
});

// Keys of values.yaml as the README names them: <service>.x for keys all five services have; the walk stops
// at Kubernetes-shaped objects, which the README describes whole.
function documentedKeys(values) {
  const svcs = Object.keys(SERVICES);
  const opaque = new Set(["resources", "podSecurityContext", "containerSecurityContext", "kafka.topics.items", "strategy"]);
  const keys = new Set();
  const has = (o, p) => p.split(".").reduce((x, k) => (x && typeof x === "object" && k in x ? x[k] : undefined), o) !== undefined;
  const walk = (o, p) => {
    const [head, ...rest] = p.split(".");
    const name = svcs.includes(head) && rest.length && svcs.every((s) => has(values[s], rest.join("."))) ? `<service>.${rest.join(".")}` : p;
    const isMap = o && typeof o === "object" && !Array.isArray(o) && Object.keys(o).length > 0;
    if (isMap && !opaque.has(p) && !opaque.has(rest.at(-1)) && name !== "<service>.probes")
      for (const [k, v] of Object.entries(o)) walk(v, p ? `${p}.${k}` : k);
    else keys.add(name);
  };
  walk(values, "");
  return [...keys];
}

describe("chart README", () => {
  const readme = () => fs.readFileSync(path.join(CHART, "README.md"), "utf8");
  const rows = (text) => new Set([...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
  const values = () => yaml.load(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
  test("lists every value of values.yaml", () => {
    const documented = rows(readme());
    assert.deepEqual(documentedKeys(values()).filter((k) => !documented.has(k)), []);
  });
  test("lists no value that values.yaml lacks", () => {
    const keys = new Set(documentedKeys(values()));
    assert.deepEqual([...rows(readme())].filter((k) => !keys.has(k)), []);
  });
  test("the check fails on a missing row", () => {
    const documented = rows(readme().replace(/^\| `trainer\.gpu\.count` \|.*$/m, ""));
    assert.deepEqual(documentedKeys(values()).filter((k) => !documented.has(k)), ["trainer.gpu.count"]);
  });
});

// Each rule must be able to fail: feed it a broken copy of a good object and expect a problem.
describe("the checks catch what they are for", () => {
  const dep = (svc = "inference") => clone(find(renders.full, "Deployment", (o) => component(o) === svc)[0]);
  const ctr = (d) => d.spec.template.spec.containers[0];
  const breaks = {
    "no liveness probe": (d) => delete ctr(d).livenessProbe,
    "readiness probe on the wrong path": (d) => (ctr(d).readinessProbe.httpGet.path = "/healthz"),
    "no memory limit": (d) => delete ctr(d).resources.limits.memory,
    "no requests": (d) => delete ctr(d).resources.requests,
    "runs as root": (d) => {
      d.spec.template.spec.securityContext.runAsNonRoot = false;
      ctr(d).securityContext.runAsNonRoot = false;
    },
    "privilege escalation": (d) => (ctr(d).securityContext.allowPrivilegeEscalation = true),
    "capabilities kept": (d) => (ctr(d).securityContext.capabilities.drop = ["NET_RAW"]),
    "writable root filesystem": (d) => (ctr(d).securityContext.readOnlyRootFilesystem = false),
    "no /tmp emptyDir": (d) => (ctr(d).volumeMounts = ctr(d).volumeMounts.filter((m) => m.mountPath !== "/tmp")),
    "no scrape annotations": (d) => delete d.spec.template.metadata.annotations["prometheus.io/path"],
  };
  for (const [what, breakIt] of Object.entries(breaks)) {
    test(`deployment rule: ${what}`, () => {
      const d = dep();
      breakIt(d);
      assert.notDeepEqual(deploymentProblems(d), []);
    });
  }
  test("schema rule: replicas as a string, unknown kind, CRD without endpoints", () => {
    const d = dep();
    d.spec.replicas = "3";
    assert.notDeepEqual(schemaProblems(d), []);
    assert.notDeepEqual(schemaProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), []);
    const sm = clone(find(renders.full, "ServiceMonitor")[0]);
    delete sm.spec.endpoints;
    assert.notDeepEqual(schemaProblems(sm), []);
    const topic = clone(find(renders.full, "KafkaTopic")[0]);
    topic.spec.partitions = "3";
    assert.notDeepEqual(schemaProblems(topic), []);
  });
  test("env rule: a config key that is no property of the service", () => {
    const docs = render(["--set", "crawler.config.inkflow\\.crawler\\.no-such-property=1"]);
    const d = find(docs, "Deployment", (o) => component(o) === "crawler")[0];
    assert.deepEqual(envProblems(d, docs), ["crawler: env INKFLOW_CRAWLER_NO_SUCH_PROPERTY matches no property of " +
      (knownProperties("crawler").fromFile ? "crawler-svc/src/main/resources/application.properties" : "the shared list (no application.properties yet)")]);
    const other = render(["--set", "trainer.secretConfig.inkflow\\.cleaner\\.min-size.name=s,trainer.secretConfig.inkflow\\.cleaner\\.min-size.key=k"]);
    const t = find(other, "Deployment", (o) => component(o) === "trainer")[0];
    assert.notDeepEqual(envProblems(t, other), [], "a cleaner property must not pass for the trainer");
  });
  test("env rule: reads application.properties when it exists", () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "inkflow-props-"));
    try {
      const dir = path.join(repo, "cleaner-svc/src/main/resources");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "application.properties"), "# c\nquarkus.http.host=127.0.0.1\ninkflow.kafka.create-topics: true\ninkflow.kafka.partitions 1\n" +
        "inkflow.cleaner.min-size=64\n%dev.inkflow.cleaner.max-pixels = 1\\\n  0\n");
      const docs = render(["--set", "cleaner.config.inkflow\\.cleaner\\.min-size=32,cleaner.config.inkflow\\.cleaner\\.max-pixels=9"]);
      const d = find(docs, "Deployment", (o) => component(o) === "cleaner")[0];
      assert.deepEqual(envProblems(d, docs, repo), []);
      fs.writeFileSync(path.join(dir, "application.properties"), readPropertyNames(path.join(dir, "application.properties")).filter((n) => !n.endsWith("max-pixels")).join("=x\n") + "=x\n");
      knownCache.clear();
      assert.equal(envProblems(d, docs, repo).length, 1);
    } finally {
      knownCache.clear();
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
  test("image rule: a tag, name or user the build does not produce", () => {
    const build = imageBuild();
    const chart = { appVersion: build.tag };
    assert.notDeepEqual(imageProblems(renders.default, { appVersion: "9.9.9" }, build), []);
    assert.notDeepEqual(imageProblems(renders.default, chart, { ...build, tag: "9.9.9" }), []);
    assert.notDeepEqual(imageProblems(renders.default, chart, { ...build, names: { ...build.names, cleaner: "cleaner" } }), []);
    const root = clone(renders.default);
    find(root, "Deployment", (o) => component(o) === "evaluator")[0].spec.template.spec.securityContext.runAsUser = 185;
    assert.notDeepEqual(imageProblems(root, chart, build), []);
    assert.notDeepEqual(imageProblems(renders.default, chart, build, { gpu: true }), []);
  });
  test("GPU rule: GPU missing when enabled, or asked for when disabled", () => {
    const docs = clone(renders.full);
    delete find(docs, "Deployment", (o) => component(o) === "trainer")[0].spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"];
    assert.notDeepEqual(gpuProblems(docs, { enabled: true, count: 2 }), []);
    const cpu = clone(renders.default);
    find(cpu, "Deployment", (o) => component(o) === "trainer")[0].spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"] = 1;
    assert.notDeepEqual(gpuProblems(cpu, { enabled: false }), []);
  });
  test("topic rule: a compacted topic with delete policy, a missing .dlq", () => {
    const docs = clone(renders.full);
    find(docs, "KafkaTopic", (o) => o.spec.topicName === "inkflow.models.promotions")[0].spec.config["cleanup.policy"] = "delete";
    assert.notDeepEqual(topicProblems(docs), []);
    assert.notDeepEqual(topicProblems(renders.full.filter((o) => o.spec?.topicName !== "inkflow.datasets.dlq")), []);
  });
});
