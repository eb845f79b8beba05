#!/usr/bin/env python3
# Copyright Inkflow contributors. Licensed under the Apache License, Version 2.0.
"""Tests of lint.py: it must pass the real grafana/ folder and catch what it claims to catch on broken copies."""

import contextlib
import io
import json
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(HERE))
import lint  # noqa: E402

GRAFANA = HERE.parent
CONTRACTS = GRAFANA.parent / "docs" / "CONTRACTS.md"


def run_lint(grafana):
    out = io.StringIO()
    argv = sys.argv
    sys.argv = ["lint.py", "--grafana", str(grafana), "--contracts", str(CONTRACTS)]
    try:
        with contextlib.redirect_stdout(out):
            rc = lint.main()
    finally:
        sys.argv = argv
    return rc, out.getvalue()


class MetricNamesTest(unittest.TestCase):

    def test_names_but_not_functions_labels_keywords_or_durations(self):
        expr = ('histogram_quantile(0.95, sum by (le, service) (rate(inkflow_inference_request_seconds_bucket'
                '{service=~"$service", le!="0.1"}[$__rate_interval]))) > bool 1e-3 or on() vector(0)'
                ' unless inkflow:x:y offset 10m')
        self.assertEqual(lint.metric_names(expr), {"inkflow_inference_request_seconds_bucket", "inkflow:x:y"})

    def test_label_replace_strings_and_dollar_groups_are_not_variables(self):
        expr = 'label_replace(up{job="a"}, "version", "baseline: $1", "baseline", "(.+)")'
        self.assertEqual(lint.metric_names(expr), {"up"})
        self.assertEqual(lint.variables_used(expr), set())
        self.assertEqual(lint.variables_used('x{run=~"$run", s=~"${service}"}'), {"run", "service"})

    def test_unbalanced_expressions(self):
        self.assertIsNone(lint.balanced('sum(rate(x{a="(("}[5m]))'))
        self.assertIn("unclosed", lint.balanced("sum(rate(x[5m])"))
        self.assertIn("unbalanced", lint.balanced("sum(x))"))

    def test_catalogue_allows_histogram_suffixes_and_the_svc_placeholder(self):
        catalogue = lint.Catalogue(CONTRACTS.read_text(encoding="utf-8"), ["inkflow:a:b"])
        for name in ("inkflow_inference_request_seconds_bucket", "inkflow_cleaner_build_info", "inkflow:a:b",
                     "kafka_consumer_fetch_manager_records_lag_max", "jvm_memory_used_bytes", "up"):
            self.assertTrue(catalogue.knows(name), name)
        for name in ("inkflow_inference_requests_total", "inkflow_trainer_loss_bucket_total", "node_cpu_seconds_total"):
            self.assertFalse(catalogue.knows(name), name)


class MiniYamlTest(unittest.TestCase):

    def test_rule_file_subset(self):
        doc = lint.MiniYaml.load(
            "groups:\n"
            "  - name: g   # comment\n"
            "    rules:\n"
            "      - alert: A\n"
            "        expr: |\n"
            "          sum(x)\n"
            "            > 1\n"
            "        labels: {severity: warning, team: 'ml'}\n"
            "        annotations:\n"
            "          summary: \"a \\\"quoted\\\" {{ $value }}\"\n"
            "      - record: a:b:c\n"
            "        expr: up == 0 # trailing\n"
            "empty: []\n")
        rule = doc["groups"][0]["rules"][0]
        self.assertEqual(doc["groups"][0]["name"], "g")
        self.assertEqual(rule["expr"], "sum(x)\n  > 1\n")
        self.assertEqual(rule["labels"], {"severity": "warning", "team": "ml"})
        self.assertEqual(rule["annotations"]["summary"], 'a "quoted" {{ $value }}')
        self.assertEqual(doc["groups"][0]["rules"][1]["expr"], "up == 0")
        self.assertEqual(doc["empty"], [])

    def test_bad_indentation_is_an_error(self):
        with self.assertRaises(lint.YamlError):
            lint.MiniYaml.load("a:\n  b: 1\n    c: 2\n")


class LintTest(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="inkflow-lint-"))
        self.grafana = self.tmp / "grafana"
        shutil.copytree(GRAFANA, self.grafana, ignore=shutil.ignore_patterns("test", "__pycache__"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit_dashboard(self, name, change):
        path = self.grafana / "dashboards" / name
        board = json.loads(path.read_text(encoding="utf-8"))
        change(board, [p for p in board["panels"] if p["type"] != "row"])
        path.write_text(json.dumps(board), encoding="utf-8")

    def test_the_real_folder_passes(self):
        rc, out = run_lint(self.grafana)
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"lint: \d+ passed, 0 failed")

    def test_panel_problems_are_reported(self):
        def break_it(board, panels):
            del panels[0]["description"]
            panels[1]["fieldConfig"]["defaults"]["unit"] = ""
            panels[2]["targets"][0]["expr"] = 'sum(inkflow_trainer_made_up_total{run=~"$runs"})'
            panels[3]["targets"] = []
            panels[4]["gridPos"] = dict(panels[5]["gridPos"])
            board["templating"]["list"] = [v for v in board["templating"]["list"] if v["name"] != "run"]
        self.edit_dashboard("training.json", break_it)
        rc, out = run_lint(self.grafana)
        self.assertEqual(rc, 1)
        for expected in ("template variable $run is missing", "no description", "no fieldConfig.defaults.unit",
                         "metric inkflow_trainer_made_up_total is not in", "uses $runs", "no targets", "overlaps"):
            self.assertIn(expected, out)

    def test_invalid_json_fails(self):
        (self.grafana / "dashboards" / "pipeline.json").write_text("{", encoding="utf-8")
        rc, out = run_lint(self.grafana)
        self.assertEqual(rc, 1)
        self.assertIn("not valid JSON", out)

    def test_alert_without_runbook_entry_or_quiet_test_fails(self):
        readme = self.grafana / "README.md"
        readme.write_text(readme.read_text(encoding="utf-8").replace("### InkflowDeadLetters", "### Dead letters"),
                          encoding="utf-8")
        tests = self.grafana / "tests" / "training-test.yaml"
        text = tests.read_text(encoding="utf-8")
        tests.write_text(text.replace("      - eval_time: 20m\n        alertname: InkflowTrainingStalled\n"
                                      "        exp_alerts: []\n", ""), encoding="utf-8")
        rc, out = run_lint(self.grafana)
        self.assertEqual(rc, 1)
        self.assertIn("InkflowDeadLetters: grafana/README.md has no heading", out)
        self.assertIn("InkflowTrainingStalled: grafana/tests/ needs an alert_rule_test", out)

    def test_unknown_metric_and_missing_severity_in_rules_fail(self):
        rules = self.grafana / "alerts" / "inkflow-training.yaml"
        text = rules.read_text(encoding="utf-8")
        text = text.replace("max by (service, instance) (inkflow_trainer_active_runs)",
                            "max by (service, instance) (inkflow_trainer_active_run)")
        text = text.replace("severity: warning", "severity: sometimes", 1)
        rules.write_text(text, encoding="utf-8")
        rc, out = run_lint(self.grafana)
        self.assertEqual(rc, 1)
        self.assertIn("metric inkflow_trainer_active_run is not in", out)
        self.assertIn("labels.severity must be one of", out)

    def test_panel_missing_from_readme_fails(self):
        self.edit_dashboard("inference.json", lambda b, p: p[0].update(title="A panel nobody documented"))
        rc, out = run_lint(self.grafana)
        self.assertEqual(rc, 1)
        self.assertIn("not listed in grafana/README.md", out)


if __name__ == "__main__":
    unittest.main(verbosity=1)
