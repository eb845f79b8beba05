#!/usr/bin/env python3
"""Generates the README's per-service configuration tables from each service's application.properties.

Every inkflow.<service>.* property is listed with its default and the comment lines above it, so the README
stays one generated view of the one source of truth. A commented-out property (`#inkflow.x.y=example`) is an
optional setting without a default: it gets its own row, shown as unset with its example value.

Usage: python3 docs/properties.py            print the section
       python3 docs/properties.py --write    rewrite it in README.md between the service-properties markers
       python3 docs/properties.py --check    exit 1 when README.md's section differs (./inkflow test runs this)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SERVICES = ["crawler", "cleaner", "trainer", "evaluator", "inference"]
BEGIN = "<!-- service-properties -->"
END = "<!-- /service-properties -->"
INTRO = """Each service's own settings, generated from its `application.properties` by
`python3 docs/properties.py --write` (the comment above a group of lines describes the group; per-service READMEs
say more; `./inkflow test` fails when this section is stale)."""
# A property name (dotted, no spaces) then '=': tells `#inkflow.trainer.work-dir=/x` from prose like `# a = b`.
COMMENTED_PROPERTY = re.compile(r"^#\s*([A-Za-z%][\w%\"-]*(?:\.[\w%\"-]+)+)\s*=(.*)$")


def properties(path):
    """Yields (key, value, comment, commented_out) for each property line, in file order."""
    comment = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        commented = COMMENTED_PROPERTY.match(line)
        if not line:
            comment = []
        elif commented:
            yield commented.group(1), commented.group(2).strip(), " ".join(comment), True
            comment = []
        elif line.startswith("#"):
            text = line.lstrip("#").strip()
            if not text.startswith("----"):
                comment.append(text)
        elif "=" in line:
            key, value = line.split("=", 1)
            yield key.strip(), value.strip(), " ".join(comment), False
            comment = []


def row(key, value, comment, commented_out):
    if commented_out:
        shown = "(unset)"
        if value:
            comment = f"{comment} Example: `{value}`.".strip()
    else:
        shown = f"`{value}`" if value else "(empty)"
    return f"| `{key}` | {shown} | {comment.replace('|', '&#124;')} |"


def section():
    out = [INTRO, ""]
    for service in SERVICES:
        path = ROOT / f"{service}-svc/src/main/resources/application.properties"
        if not path.exists():
            continue
        rows = [r for r in properties(path) if r[0].startswith(f"inkflow.{service}.")]
        if not rows:
            continue
        out.append(f"### {service}-svc\n")
        out.append("| property | default | meaning |")
        out.append("|---|---|---|")
        out.extend(row(*r) for r in rows)
        out.append("")
    return "\n".join(out) + "\n"


def split_readme(text):
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        sys.exit(f"{README}: the markers {BEGIN} and {END} are missing; put them where the tables belong")
    start += len(BEGIN) + 1
    return text[:start], text[start:end], text[end:]


def main(args):
    if not args:
        sys.stdout.write(section())
        return 0
    head, current, tail = split_readme(README.read_text(encoding="utf-8"))
    wanted = section()
    if args == ["--write"]:
        README.write_text(head + wanted + tail, encoding="utf-8")
        return 0
    if args == ["--check"]:
        if current == wanted:
            return 0
        sys.stderr.write("README.md's property tables differ from the services' application.properties; "
                         "run python3 docs/properties.py --write and commit README.md\n")
        return 1
    sys.exit(f"unknown arguments {args}; use none, --write or --check")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
