#!/usr/bin/env python3
# Copyright Inkflow contributors. Licensed under the Apache License, Version 2.0.
"""Offline checks of grafana/ that promtool cannot do: dashboards, metric names, runbooks, alert test coverage.

Pure standard library (Python 3.8+), so it runs wherever check.sh runs. Usage:

    python3 grafana/test/lint.py [--grafana DIR] [--contracts docs/CONTRACTS.md]

Prints one line per checked unit ("ok ..." or "FAIL ...: why") and ends with "lint: N passed, M failed";
exits 1 when anything failed.
"""

import argparse
import json
import re
import sys
from pathlib import Path

RUNBOOK_BASE = "https://github.com/inkflow/inkflow/blob/main/grafana/README.md"
SEVERITIES = {"critical", "warning", "info"}
PANEL_TYPES = {"timeseries", "stat", "bargauge", "gauge", "table", "piechart", "state-timeline", "heatmap", "text"}
# Metric families the services get from Quarkus, Micrometer's Kafka/JVM binders and Prometheus itself.
KNOWN_PREFIXES = ("http_server_requests_seconds", "kafka_", "jvm_", "process_", "system_")
KNOWN_NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS", "ALERTS_FOR_STATE"}
# Variables Grafana defines itself.
BUILTIN_VARIABLES = {"__rate_interval", "__interval", "__range", "__range_s", "__interval_ms", "__range_ms"}
# Which template variables each dashboard must offer (issue 10: service, run, model).
REQUIRED_VARIABLES = {
    "pipeline.json": {"datasource", "service"},
    "training.json": {"datasource", "service", "run"},
    "evaluation.json": {"datasource", "service", "model"},
    "inference.json": {"datasource", "service", "model"},
}
TIMER_SUFFIXES = ("", "_bucket", "_count", "_sum", "_max")
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless", "atan2",
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
    "inf", "nan", "Inf", "NaN",
}


# ----------------------------------------------------------------------------------------------- a small YAML reader
class YamlError(Exception):
    pass


_KEY = re.compile(r'^([A-Za-z0-9_.\-]+|"[^"]*"|\'[^\']*\'):(?:\s+(.*))?$')


class MiniYaml:
    """The YAML subset Prometheus rule and test files use: block mappings and sequences, plain and quoted
    scalars, | and > block scalars, simple flow collections. Values stay strings (no type guessing)."""

    def __init__(self, text):
        self.lines = text.replace("\t", "    ").split("\n")
        self.i = 0

    @staticmethod
    def load(text):
        parser = MiniYaml(text)
        node = parser.node(0)
        parser.skip()
        if parser.i < len(parser.lines):
            raise YamlError(f"line {parser.i + 1}: unexpected indentation: {parser.lines[parser.i].strip()}")
        return node

    def skip(self):
        while self.i < len(self.lines):
            stripped = self.lines[self.i].strip()
            if stripped and not stripped.startswith("#") and stripped != "---":
                return
            self.i += 1

    @staticmethod
    def indent(line):
        return len(line) - len(line.lstrip(" "))

    @staticmethod
    def is_item(line):
        stripped = line.lstrip(" ")
        return stripped == "-" or stripped.startswith("- ")

    def node(self, min_indent):
        self.skip()
        if self.i >= len(self.lines):
            return None
        line = self.lines[self.i]
        ind = self.indent(line)
        if ind < min_indent:
            return None
        return self.sequence(ind) if self.is_item(line) else self.mapping(ind)

    def sequence(self, ind):
        items = []
        while True:
            self.skip()
            if self.i >= len(self.lines):
                return items
            line = self.lines[self.i]
            if self.indent(line) != ind or not self.is_item(line):
                return items
            rest = line.lstrip(" ")[1:].lstrip(" ")
            if not rest or rest.startswith("#"):
                self.i += 1
                items.append(self.node(ind + 1))
            elif _KEY.match(rest):
                column = len(line) - len(rest)
                self.lines[self.i] = " " * column + rest
                items.append(self.mapping(column))
            else:
                self.i += 1
                items.append(self.scalar(rest))

    def mapping(self, ind):
        out = {}
        while True:
            self.skip()
            if self.i >= len(self.lines):
                return out
            line = self.lines[self.i]
            if self.indent(line) != ind or self.is_item(line):
                if self.indent(line) > ind:
                    raise YamlError(f"line {self.i + 1}: unexpected indentation: {line.strip()}")
                return out
            match = _KEY.match(line.strip())
            if not match:
                raise YamlError(f"line {self.i + 1}: expected 'key: value', got: {line.strip()}")
            key = match.group(1).strip("\"'")
            rest = self.strip_comment(match.group(2) or "")
            if key in out:
                raise YamlError(f"line {self.i + 1}: duplicate key {key}")
            self.i += 1
            if rest in ("|", "|-", "|+", ">", ">-", ">+"):
                out[key] = self.block(ind, rest)
            elif rest == "":
                self.skip()
                if self.i < len(self.lines):
                    nxt = self.lines[self.i]
                    if self.indent(nxt) > ind or (self.indent(nxt) == ind and self.is_item(nxt)):
                        out[key] = self.node(self.indent(nxt))
                        continue
                out[key] = None
            else:
                out[key] = self.scalar(rest)

    def block(self, parent_indent, style):
        raw = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and self.indent(line) <= parent_indent:
                break
            raw.append(line)
            self.i += 1
        while raw and not raw[-1].strip():
            raw.pop()
        if not raw:
            return ""
        cut = min(self.indent(l) for l in raw if l.strip())
        body = [l[cut:] for l in raw]
        text = "\n".join(body) if style.startswith("|") else " ".join(l.strip() for l in body)
        return text if style.endswith("-") else text + "\n"

    @staticmethod
    def strip_comment(value):
        value = value.strip()
        if value[:1] in ("'", '"'):
            return value
        match = re.search(r"\s#", value)
        return value[:match.start()].rstrip() if match else value

    def scalar(self, text):
        text = self.strip_comment(text)
        if text.startswith('"'):
            out, k = [], 1
            while k < len(text):
                ch = text[k]
                if ch == "\\" and k + 1 < len(text):
                    out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/"}.get(text[k + 1], "\\" + text[k + 1]))
                    k += 2
                    continue
                if ch == '"':
                    return "".join(out)
                out.append(ch)
                k += 1
            raise YamlError(f"line {self.i}: unterminated double-quoted string")
        if text.startswith("'"):
            out, k = [], 1
            while k < len(text):
                if text[k] == "'":
                    if text[k + 1:k + 2] == "'":
                        out.append("'")
                        k += 2
                        continue
                    return "".join(out)
                out.append(text[k])
                k += 1
            raise YamlError(f"line {self.i}: unterminated single-quoted string")
        if text.startswith("[") and text.endswith("]"):
            inner = text[1:-1].strip()
            return [self.scalar(p) for p in split_flow(inner)] if inner else []
        if text.startswith("{") and text.endswith("}"):
            inner = text[1:-1].strip()
            out = {}
            for part in split_flow(inner) if inner else []:
                match = _KEY.match(part.strip())
                if not match:
                    raise YamlError(f"line {self.i}: bad flow mapping entry {part}")
                out[match.group(1).strip("\"'")] = self.scalar(match.group(2) or "")
            return out
        return text


def split_flow(text):
    parts, depth, quote, start = [], 0, None, 0
    for k, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


# ------------------------------------------------------------------------------------------------------ PromQL names
def metric_names(expr):
    """Metric names an expression selects: identifiers that are not functions, keywords or label names."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    text = re.sub(r"\$\{?__\w+\}?", "1m", text)
    text = re.sub(r"\[[^\]]*\]", "[]", text)
    text = re.sub(r"\{[^}]*\}", "{}", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", r"\1", text)
    names = set()
    for match in re.finditer(r"(?<![\w.:$])[A-Za-z_:][\w:]*", text):
        word = match.group(0)
        if word in PROMQL_WORDS or re.match(r"\s*\(", text[match.end():]):
            continue
        names.add(word)
    return names


def variables_used(expr):
    return set(re.findall(r"\$\{?([A-Za-z_]\w*)", expr)) - {str(n) for n in range(10)}


def balanced(expr):
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)
    if '"' in text.replace('""', "") or "'" in text:
        return "an unterminated string"
    stack, pairs = [], {")": "(", "]": "[", "}": "{"}
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in ")]}":
            if not stack or stack.pop() != pairs[ch]:
                return f"an unbalanced '{ch}'"
    return f"an unclosed '{stack[-1]}'" if stack else None


class Catalogue:
    """Metric names the dashboards may use: CONTRACTS.md's catalogue, recording rules, well-known families."""

    def __init__(self, contracts_text, recorded):
        section = contracts_text.split("## Metric names", 1)
        if len(section) < 2:
            raise ValueError("docs/CONTRACTS.md has no '## Metric names' section")
        self.patterns = []
        for name in sorted(set(re.findall(r"inkflow_[a-z0-9_<>]+", section[1]))):
            body = re.escape(name).replace(re.escape("<svc>"), "[a-z_]+")
            self.patterns.append(re.compile("^" + body + "(" + "|".join(TIMER_SUFFIXES) + ")$"))
        if not self.patterns:
            raise ValueError("docs/CONTRACTS.md's metric section names no inkflow_ metric")
        self.recorded = set(recorded)

    def knows(self, name):
        return (name in self.recorded or name in KNOWN_NAMES or name.startswith(KNOWN_PREFIXES)
                or any(p.match(name) for p in self.patterns))


# ------------------------------------------------------------------------------------------------------------ checks
class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def unit(self, name, problems):
        if problems:
            self.failed += 1
            print(f"FAIL {name}:")
            for p in problems:
                print(f"       - {p}")
        else:
            self.passed += 1
            print(f"ok   {name}")


def github_anchors(markdown):
    anchors = set()
    for line in markdown.splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            anchors.add(slug)
    anchors.update(re.findall(r'<a (?:id|name)="([^"]+)"', markdown))
    return anchors


def load_rule_files(alerts_dir, report):
    """Parses every rule file; returns [(file, group, rule)] and fails a unit per unreadable file."""
    rules = []
    for path in sorted(alerts_dir.glob("*.yaml")):
        try:
            doc = MiniYaml.load(path.read_text(encoding="utf-8"))
        except (YamlError, UnicodeDecodeError) as e:
            report.unit(f"rules {path.name}", [f"cannot read: {e}"])
            continue
        groups = (doc or {}).get("groups") if isinstance(doc, dict) else None
        if not isinstance(groups, list):
            report.unit(f"rules {path.name}", ["no 'groups:' list"])
            continue
        for group in groups:
            for rule in (group or {}).get("rules") or []:
                rules.append((path.name, group.get("name"), rule))
    return rules


def check_rules(alerts_dir, rules, catalogue, readme, tests, report):
    anchors = github_anchors(readme)
    by_file = {}
    for file, group, rule in rules:
        by_file.setdefault(file, []).append((group, rule))
    seen_alerts, seen_records, seen_groups = {}, {}, {}
    for file, entries in sorted(by_file.items()):
        problems = []
        for group, _ in entries:
            if not group:
                problems.append("a group has no name")
        for group in {g for g, _ in entries}:
            if group in seen_groups and seen_groups[group] != file:
                problems.append(f"group {group} is also in {seen_groups[group]} (the Helm chart merges all groups)")
            seen_groups[group] = file
        for group, rule in entries:
            if not isinstance(rule, dict):
                problems.append(f"group {group}: a rule is not a mapping")
                continue
            name = rule.get("alert") or rule.get("record")
            expr = rule.get("expr") or ""
            if bool(rule.get("alert")) == bool(rule.get("record")):
                problems.append(f"group {group}: a rule needs exactly one of alert/record")
                continue
            if not expr.strip():
                problems.append(f"{name}: empty expr")
            why = balanced(expr)
            if why:
                problems.append(f"{name}: expr has {why}")
            for metric in sorted(metric_names(expr)):
                if not catalogue.knows(metric):
                    problems.append(f"{name}: metric {metric} is not in docs/CONTRACTS.md's catalogue, "
                                    "a recording rule, or a known Quarkus/Kafka/JVM/Prometheus family")
            if rule.get("record"):
                if not re.match(r"^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$", name):
                    problems.append(f"recording rule {name} should be named level:metric:operations")
                if name in seen_records:
                    problems.append(f"recording rule {name} is defined twice")
                seen_records[name] = file
                continue
            if name in seen_alerts:
                problems.append(f"alert {name} is defined twice")
            seen_alerts[name] = file
            labels = rule.get("labels") or {}
            annotations = rule.get("annotations") or {}
            if labels.get("severity") not in SEVERITIES:
                problems.append(f"{name}: labels.severity must be one of {sorted(SEVERITIES)}")
            for key in ("summary", "description", "runbook_url"):
                if not (annotations.get(key) or "").strip():
                    problems.append(f"{name}: annotation {key} is missing")
            url = annotations.get("runbook_url") or ""
            expected = f"{RUNBOOK_BASE}#{name.lower()}"
            if url and url != expected:
                problems.append(f"{name}: runbook_url should be {expected}")
            if name.lower() not in anchors:
                problems.append(f"{name}: grafana/README.md has no heading '### {name}' (its runbook entry)")
            firing, quiet = tests.get(name, (0, 0))
            if not firing or not quiet:
                problems.append(f"{name}: grafana/tests/ needs an alert_rule_test where it fires and one where it "
                                f"does not (found {firing} firing, {quiet} quiet)")
        report.unit(f"rules {file} ({len(entries)} rules)", problems)
    return seen_alerts


def load_tests(tests_dir, report):
    """alertname -> (expectations with alerts, expectations without) over every promtool test file."""
    counts = {}
    for path in sorted(tests_dir.glob("*.yaml")):
        try:
            doc = MiniYaml.load(path.read_text(encoding="utf-8")) or {}
        except YamlError as e:
            report.unit(f"tests {path.name}", [f"cannot read: {e}"])
            continue
        for test in doc.get("tests") or []:
            for expectation in (test or {}).get("alert_rule_test") or []:
                name = expectation.get("alertname")
                firing, quiet = counts.get(name, (0, 0))
                if expectation.get("exp_alerts"):
                    firing += 1
                else:
                    quiet += 1
                counts[name] = (firing, quiet)
    return counts


def iter_panels(panels):
    for panel in panels or []:
        yield panel
        yield from iter_panels(panel.get("panels"))


def overlaps(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def check_dashboard(path, catalogue, readme, uids, report):
    problems = []
    try:
        board = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        report.unit(f"dashboard {path.name}", [f"not valid JSON: {e}"])
        return set()
    for key in ("title", "uid", "panels", "templating", "schemaVersion", "time"):
        if key not in board:
            problems.append(f"missing top-level '{key}'")
    uid = board.get("uid", "")
    if not re.match(r"^[A-Za-z0-9_-]{1,40}$", uid or ""):
        problems.append(f"uid '{uid}' must be 1-40 letters, digits, '-' or '_'")
    if uid in uids:
        problems.append(f"uid '{uid}' is also used by {uids[uid]}")
    uids[uid] = path.name
    if not isinstance(board.get("schemaVersion"), int) or board["schemaVersion"] < 36:
        problems.append("schemaVersion must be an integer >= 36 (Grafana 9.4+)")
    if board.get("id") is not None:
        problems.append("id must be null so Grafana assigns one on import")
    if "inkflow" not in (board.get("tags") or []):
        problems.append("tags must include 'inkflow' (the dashboard links use it)")

    variables = {}
    for var in (board.get("templating") or {}).get("list") or []:
        variables[var.get("name")] = var
    for name in sorted(REQUIRED_VARIABLES.get(path.name, {"datasource", "service"}) - set(variables)):
        problems.append(f"template variable ${name} is missing")
    ds = variables.get("datasource")
    if ds and (ds.get("type") != "datasource" or ds.get("query") != "prometheus"):
        problems.append("$datasource must be a datasource variable of type prometheus")
    for name, var in variables.items():
        if var.get("type") == "query":
            query = var.get("query")
            query = query.get("query") if isinstance(query, dict) else query
            if not str(query or "").startswith("label_values("):
                problems.append(f"${name} should come from label_values(...), not {query!r}")
            if (var.get("datasource") or {}).get("uid") != "${datasource}":
                problems.append(f"${name} must query the ${{datasource}} variable")
            for metric in metric_names(re.sub(r"^label_values\((.*),\s*\w+\)$", r"\1", str(query))):
                if not catalogue.knows(metric):
                    problems.append(f"${name}: metric {metric} is not known")

    used_variables = set()
    ids, titles, boxes = set(), set(), []
    panel_count = 0
    for panel in iter_panels(board.get("panels")):
        title = panel.get("title") or ""
        where = f"panel '{title or panel.get('id')}'"
        if panel.get("id") in ids:
            problems.append(f"{where}: id {panel.get('id')} is used twice")
        ids.add(panel.get("id"))
        grid = panel.get("gridPos") or {}
        if not all(isinstance(grid.get(k), int) for k in ("x", "y", "w", "h")) or grid.get("x", 0) + grid.get("w", 0) > 24:
            problems.append(f"{where}: gridPos needs integer x, y, w, h within 24 columns")
        else:
            for other_title, other in boxes:
                if overlaps(grid, other):
                    problems.append(f"{where}: overlaps panel '{other_title}'")
            boxes.append((title, grid))
        if not title:
            problems.append(f"panel {panel.get('id')}: no title")
        if panel.get("type") == "row":
            continue
        panel_count += 1
        if title in titles:
            problems.append(f"{where}: title used twice")
        titles.add(title)
        if panel.get("type") not in PANEL_TYPES:
            problems.append(f"{where}: unknown panel type {panel.get('type')!r}")
        if not (panel.get("description") or "").strip():
            problems.append(f"{where}: no description")
        unit = (((panel.get("fieldConfig") or {}).get("defaults") or {}).get("unit") or "").strip()
        if not unit:
            problems.append(f"{where}: no fieldConfig.defaults.unit")
        if (panel.get("datasource") or {}).get("uid") != "${datasource}":
            problems.append(f"{where}: datasource must be ${{datasource}}")
        targets = panel.get("targets") or []
        if not targets:
            problems.append(f"{where}: no targets")
        refs = set()
        for t in targets:
            expr = (t.get("expr") or "").strip()
            if not expr:
                problems.append(f"{where}: target {t.get('refId')} has no expr")
                continue
            if not t.get("refId") or t.get("refId") in refs:
                problems.append(f"{where}: target refIds must be present and unique")
            refs.add(t.get("refId"))
            if t.get("datasource") and t["datasource"].get("uid") != "${datasource}":
                problems.append(f"{where}: target {t.get('refId')} must use ${{datasource}}")
            why = balanced(expr)
            if why:
                problems.append(f"{where}: expr has {why}: {expr}")
            for metric in sorted(metric_names(expr)):
                if not catalogue.knows(metric):
                    problems.append(f"{where}: metric {metric} is not in docs/CONTRACTS.md's catalogue, a recording "
                                    "rule in grafana/alerts, or a known Quarkus/Kafka/JVM/Prometheus family")
            used = variables_used(expr)
            used_variables |= used
            for name in sorted(used - set(variables) - BUILTIN_VARIABLES):
                problems.append(f"{where}: uses ${name}, which the dashboard does not define")
        if f"**{title}**" not in readme:
            problems.append(f"{where}: not listed in grafana/README.md (as **{title}**)")
    for name, var in variables.items():
        query = var.get("query")
        query = query.get("query") if isinstance(query, dict) else str(query or "")
        used_variables |= variables_used(query) if var.get("type") == "query" else set()
    for name in sorted(set(variables) - used_variables - {"datasource"}):
        problems.append(f"template variable ${name} is defined but no query uses it")
    if panel_count == 0:
        problems.append("no panels")
    report.unit(f"dashboard {path.name} ({panel_count} panels)", problems)


def check_provisioning(folder, report):
    """Grafana's provisioning files: a Prometheus data source and a file provider for the dashboards."""
    problems = []
    try:
        sources = MiniYaml.load((folder / "datasources" / "prometheus.yaml").read_text(encoding="utf-8")) or {}
        providers = MiniYaml.load((folder / "dashboards" / "inkflow.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, YamlError) as e:
        report.unit("provisioning", [f"cannot read: {e}"])
        return
    for doc, key in ((sources, "datasources"), (providers, "providers")):
        if str(doc.get("apiVersion")) != "1" or not isinstance(doc.get(key), list) or not doc[key]:
            problems.append(f"{key}: needs apiVersion: 1 and a non-empty {key} list")
    if not any((d or {}).get("type") == "prometheus" and (d or {}).get("url") for d in sources.get("datasources") or []):
        problems.append("datasources: no prometheus data source with a url")
    if not any((p or {}).get("type") == "file" and ((p or {}).get("options") or {}).get("path")
               for p in providers.get("providers") or []):
        problems.append("providers: no file provider with options.path")
    report.unit("provisioning (datasources, dashboards)", problems)


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grafana", type=Path, default=here.parent)
    parser.add_argument("--contracts", type=Path, default=here.parent.parent / "docs" / "CONTRACTS.md")
    args = parser.parse_args()
    grafana = args.grafana

    report = Report()
    readme_path = grafana / "README.md"
    readme = readme_path.read_text(encoding="utf-8") if readme_path.is_file() else ""
    if not readme:
        report.unit("README.md", ["grafana/README.md is missing (runbooks and panel lists live there)"])
    rules = load_rule_files(grafana / "alerts", report)
    recorded = [r.get("record") for _, _, r in rules if isinstance(r, dict) and r.get("record")]
    try:
        catalogue = Catalogue(args.contracts.read_text(encoding="utf-8"), recorded)
    except (OSError, ValueError) as e:
        report.unit("metric catalogue", [str(e)])
        print(f"lint: {report.passed} passed, {report.failed} failed")
        return 1
    tests = load_tests(grafana / "tests", report)
    alerts = check_rules(grafana / "alerts", rules, catalogue, readme, tests, report)
    stray = sorted(set(tests) - set(alerts))
    report.unit("alert tests name existing alerts", [f"grafana/tests/ tests {n}, which no rule file defines" for n in stray])

    dashboards = sorted((grafana / "dashboards").glob("*.json"))
    if not dashboards:
        report.unit("dashboards", ["grafana/dashboards/ has no *.json"])
    uids = {}
    for path in dashboards:
        check_dashboard(path, catalogue, readme, uids, report)
    missing = sorted(set(REQUIRED_VARIABLES) - {p.name for p in dashboards})
    report.unit("the four dashboards exist", [f"grafana/dashboards/{m} is missing" for m in missing])
    check_provisioning(grafana / "provisioning", report)

    print(f"lint: {report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
