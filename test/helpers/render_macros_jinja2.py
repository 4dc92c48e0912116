"""Renders templates/project.yml.j2 with Python's Jinja2 for each model given on stdin.

The reference for test/unit/macros-jinja2.test.ts: our macros must render
byte-for-byte the same under Jinja2 3.1 and under our engine.
"""
import json
import sys

import jinja2


def combine(*maps):
    out = {}
    for m in maps:
        out.update(m or {})
    return out


def main():
    request = json.load(sys.stdin)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(request["searchPaths"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["combine"] = combine
    env.globals["secret_placeholder"] = lambda name: "<secret:%s>" % name
    template = env.get_template("project.yml.j2")
    results = []
    for case in request["cases"]:
        try:
            results.append({"text": template.render(project=case["model"])})
        except Exception as error:  # reported, the test fails on it
            results.append({"error": "%s: %s" % (type(error).__name__, error)})
    json.dump(results, sys.stdout)


main()
