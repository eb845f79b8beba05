// Copyright Inkflow contributors. Licensed under the Apache License, Version 2.0.
// Type-checks every grafana/dashboards/*.json against Grafana's own dashboard schema, the Dashboard type of the
// pinned @grafana/schema package, with tsc (both from ./node_modules; run `npm ci` here first; offline after).
// Each dashboard becomes `(<the JSON>) satisfies Json<Dashboard>` in target/<name>.ts: Json<T> turns the schema's
// TypeScript enums into their string values, which is what a JSON file can hold. Object literals get excess
// property checks, so a misspelt or misplaced key fails like a wrong type does.
// Prints one line per dashboard and "schema: N passed, M failed"; exits 1 on any failure.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dashboards = path.resolve(here, "../../dashboards");
const target = path.join(here, "target");
const tsc = path.join(here, "node_modules/typescript/bin/tsc");

if (!fs.existsSync(tsc) || !fs.existsSync(path.join(here, "node_modules/@grafana/schema"))) {
  console.log(`FAIL schema: ${here}/node_modules is missing; run npm ci there`);
  console.log("schema: 0 passed, 1 failed");
  process.exit(1);
}

fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
const files = fs.readdirSync(dashboards).filter((f) => f.endsWith(".json")).sort();
const header = [
  'import type { Dashboard } from "@grafana/schema";',
  "type Json<T> = T extends string ? `${T}` : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;",
];
let unreadable = [];
for (const file of files) {
  const text = fs.readFileSync(path.join(dashboards, file), "utf8");
  try {
    JSON.parse(text);
  } catch (e) {
    unreadable.push(`${file}: not valid JSON: ${e.message}`);
    continue;
  }
  // The JSON starts on line 3, so tsc's line numbers are the JSON file's line numbers plus 2.
  fs.writeFileSync(path.join(target, file.replace(/\.json$/, ".ts")),
    `${header.join("\n")}\nexport const dashboard = (${text}) satisfies Json<Dashboard>;\n`);
}
fs.writeFileSync(path.join(target, "tsconfig.json"), JSON.stringify({
  compilerOptions: {
    strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", target: "es2022",
    skipLibCheck: true, typeRoots: [], baseUrl: here, paths: { "@grafana/schema": ["node_modules/@grafana/schema"] },
  },
  include: ["*.ts"],
}, null, 2));

let output = "";
try {
  execFileSync(process.execPath, [tsc, "-p", target, "--pretty", "false"], { encoding: "utf8", cwd: here });
} catch (e) {
  output = `${e.stdout || ""}${e.stderr || ""}`;
}
const errors = {};
for (const line of output.split("\n").filter(Boolean)) {
  const match = line.match(/^(?:.*[\\/])?([^\\/(]+)\.ts\((\d+),(\d+)\): (.*)$/);
  const key = match ? `${match[1]}.json` : "(tsc)";
  const message = match ? `line ${Number(match[2]) - 2}: ${match[4]}` : line;
  (errors[key] ||= []).push(message);
}
let passed = 0;
let failed = 0;
for (const problem of unreadable) {
  failed++;
  console.log(`FAIL schema ${problem}`);
}
for (const file of files) {
  if (unreadable.some((u) => u.startsWith(`${file}:`))) continue;
  if (errors[file]) {
    failed++;
    console.log(`FAIL schema ${file} (against @grafana/schema's Dashboard):`);
    for (const message of errors[file]) console.log(`       - ${message}`);
  } else {
    passed++;
    console.log(`ok   schema ${file} (against @grafana/schema's Dashboard)`);
  }
}
if (errors["(tsc)"]) {
  failed++;
  console.log(`FAIL schema: tsc: ${errors["(tsc)"].join(" ")}`);
}
console.log(`schema: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
