#!/usr/bin/env python3
"""Prints the README's per-service configuration tables from each service's application.properties.

Every inkflow.<service>.* property is listed with its default and the comment lines above it, so the README
stays one generated view of the one source of truth. Usage: python3 docs/properties.py > /tmp/props.md
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SERVICES = ["crawler", "cleaner", "trainer", "evaluator", "inference"]


def properties(path):
    comment = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            comment = []
        elif line.startswith("#"):
            text = line.lstrip("#").strip()
            if not text.startswith("----"):
                comment.append(text)
        elif "=" in line:
            key, value = line.split("=", 1)
            yield key.strip(), value.strip(), " ".join(comment)
            comment = []


def main():
    out = []
    for service in SERVICES:
        path = ROOT / f"{service}-svc/src/main/resources/application.properties"
        if not path.exists():
            continue
        rows = [(k, v, c) for k, v, c in properties(path) if k.startswith(f"inkflow.{service}.")]
        if not rows:
            continue
        out.append(f"### {service}-svc\n")
        out.append("| property | default | meaning |")
        out.append("|---|---|---|")
        for key, value, comment in rows:
            shown = f"`{value}`" if value else "(empty)"
            out.append(f"| `{key}` | {shown} | {comment.replace('|', '&#124;')} |")
        out.append("")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
