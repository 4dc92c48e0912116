"""The team's previous stack doing our render's work: Jinja2 3.1 + PyYAML with LibYAML.

    python3 jinja2-reference.py MODELS.json RUNS

MODELS.json comes from render-child.mjs --dump-models. For every project-environment
it renders the project-vars template (compiled once per project) with the same
context and a cki_variable() global, loads it with CSafeLoader, renders
templates/project.yml.j2 with the model our render produced (and the project's raw
templates), loads the documents with CSafeLoader and dumps them with CSafeDumper.
Only that loop is timed (not Python start-up, imports or the JSON load). Each run
uses a fresh Environment, as each of our renders uses a fresh engine, so template
compilation counts on both sides. Prints one JSON line.
"""
import json
import resource
import sys
import time

import jinja2
import yaml

if not yaml.__with_libyaml__:
    raise SystemExit("PyYAML is not built with LibYAML; the reference needs CSafeLoader/CSafeDumper")


def combine(*maps):
    out = {}
    for m in maps:
        out.update(m or {})
    return out


def run_once(data):
    current = {}

    def cki_variable(name):
        return current["variables"][name]

    start = time.perf_counter()
    cpu = time.process_time()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([data["templates"]]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["combine"] = combine
    env.globals["secret_placeholder"] = lambda name: "<secret:%s>" % name
    env.globals["cki_variable"] = cki_variable
    project_template = env.get_template("project.yml.j2")
    compiled = {}
    objects = 0
    size = 0
    for case in data["cases"]:
        name = case["project"]
        source = data["sources"][name]
        if name not in compiled:
            compiled[name] = (
                env.from_string(source["vars"]),
                [env.from_string(raw["text"]) for raw in source["raw"]],
            )
        vars_template, raw_templates = compiled[name]
        scope = data["environments"][case["environment"]]
        current["variables"] = scope["variables"]
        context = dict(scope["context"], PROJECT_NAME=name)
        project_vars = yaml.load(vars_template.render(context), Loader=yaml.CSafeLoader)
        if not isinstance(project_vars, dict):
            raise SystemExit("%s: vars did not render to a mapping" % name)
        text = project_template.render(dict(context, project=case["model"]))
        docs = [d for d in yaml.load_all(text, Loader=yaml.CSafeLoader) if d is not None]
        for raw in raw_templates:
            docs.extend(d for d in yaml.load_all(raw.render(context), Loader=yaml.CSafeLoader) if d is not None)
        if len(docs) != len(case["kinds"]):
            raise SystemExit("%s/%s: %d objects, ours %d" % (case["environment"], name, len(docs), len(case["kinds"])))
        objects += len(docs)
        size += len(yaml.dump_all(docs, Dumper=yaml.CSafeDumper, explicit_start=True))
    return time.perf_counter() - start, time.process_time() - cpu, objects, size


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    runs = max(1, min(int(sys.argv[2]) if len(sys.argv) > 2 else 5, 50))
    times = []
    cpu_times = []
    objects = size = 0
    for _ in range(runs):
        seconds, cpu, objects, size = run_once(data)
        times.append(seconds * 1000)
        cpu_times.append(cpu * 1000)
    print(json.dumps({
        "runs": times,
        "cpuRuns": cpu_times,
        "pairs": len(data["cases"]),
        "objects": objects,
        "bytes": size,
        "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "jinja2": jinja2.__version__,
        "pyyaml": yaml.__version__,
    }))


main()
