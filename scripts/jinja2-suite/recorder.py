"""Record the templates that Jinja2's own test suite renders, and render them again the way
deployment-all renders (docs/templates.md, "Jinja2's own test suite").

    python recorder.py SDIST.tar.gz OUT.json

1. Unpacks the sdist's tests/ and runs them with pytest and this file as a plugin: every
   Template.render/generate (and their async twins) is recorded before it runs, with the
   template's source (or its name), every template its loader can list, and the context.
   A template string that does not compile is recorded too, with no context. The tests
   themselves run unchanged; whether they pass does not matter.
2. Keeps the renders that fit our configuration and contract (see `unfit`), drops duplicates,
   and renders each again in a fresh Environment configured like our engine. OUT lists the
   cases with that reference result, and the count of renders left out, by reason.
"""

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

# What a default Environment has: a case whose environment differs here is not our language.
PLAIN_SETTINGS = {
    "block_start_string": "{%", "block_end_string": "%}", "variable_start_string": "{{",
    "variable_end_string": "}}", "comment_start_string": "{#", "comment_end_string": "#}",
    "line_statement_prefix": None, "line_comment_prefix": None, "finalize": None,
}
# Non-deterministic by design: Jinja2 tests them with seeds or mocks, never by output.
RANDOM_NAMES = {"random", "lipsum"}


class NotPlain(Exception):
    """A context value that plain YAML/JSON cannot express."""


def plain(value):
    """The value as JSON data (tuples and ranges as lists), or NotPlain."""
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise NotPlain("a non-finite float")
        return value
    if kind in (list, tuple, range):
        return [plain(v) for v in value]
    if isinstance(value, dict) and kind.__module__ in ("builtins", "collections"):
        if not all(type(k) is str for k in value):
            raise NotPlain("a mapping with non-string keys")
        return {k: plain(v) for k, v in value.items()}
    raise NotPlain(f"a {kind.__name__}")


def used_names(env, sources):
    """Filter, test and variable names the templates use; None if one does not parse."""
    names = set()
    for source in sources:
        try:
            ast = env.parse(source)
        except Exception:
            return None
        names.update(n.name for n in ast.find_all((nodes.Filter, nodes.Test)))
        names.update(n.name for n in ast.find_all(nodes.Name) if n.ctx == "load")
    return names


def custom_names(env):
    """Filters and tests that a default Environment does not have, or has otherwise."""
    custom = {n for n, f in env.filters.items() if DEFAULT_FILTERS.get(n) is not f}
    return custom | {n for n, t in env.tests.items() if DEFAULT_TESTS.get(n) is not t}


def custom_globals(env, template_globals, names):
    """The used globals that a default Environment lacks, as plain data; raises NotPlain."""
    extra = {n: g for n, g in env.globals.items() if n in names and DEFAULT_NAMESPACE.get(n) is not g}
    if any(n in names and env.globals.get(n, DEFAULT_NAMESPACE.get(n)) is not g for n, g in template_globals.items()):
        raise NotPlain("globals of one template only")
    return plain(extra)


def unfit(env, names):
    """Why a render falls outside our configuration and contract, or None."""
    if type(env) is not Environment:
        return f"environment class {type(env).__name__}"
    if env.extensions:
        return "extensions"
    for key, default in PLAIN_SETTINGS.items():
        if getattr(env, key) != default:
            return f"environment setting {key}"
    if env.policies != Environment().policies:
        return "environment policies"
    if names is None:
        return None
    if names & RANDOM_NAMES:
        return "random output (random, lipsum)"
    if names & custom_names(env):
        return "custom filters or tests"
    return None


def loader_templates(env):
    """Every template the loader lists, by name; raises NotPlain if it cannot list them."""
    if env.loader is None:
        return {}
    try:
        names = env.loader.list_templates()
    except TypeError as error:
        raise NotPlain("a loader that cannot list its templates") from error
    templates = {}
    for name in names:
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise NotPlain("a template name that is not a relative path")
        templates[name] = env.loader.get_source(env, name)[0]
    return templates


# --- pytest plugin ---------------------------------------------------------------------

class Recording:
    nodeid = "?"
    count = 0
    busy = False
    cases = []
    skipped = {}


def skip(reason):
    Recording.skipped[reason] = Recording.skipped.get(reason, 0) + 1


def record(env, source, name, template_globals, args, kwargs):
    """Record one case: `source` (named `name` in the loader, or None for a string) rendered with the arguments."""
    case_id = f"{Recording.nodeid}#{Recording.count}"
    try:
        templates = loader_templates(env)
    except NotPlain as why:
        return skip(f"not plain data ({why})")
    names = used_names(env, [source, *templates.values()])
    reason = unfit(env, names)
    if reason:
        return skip(reason)
    context = dict(*args, **kwargs)
    if names is not None:
        # Values no template names cannot matter (Jinja2's tests pass some to every case).
        context = {k: v for k, v in context.items() if k in names}
    try:
        context = plain(context)
        json.dumps(context, allow_nan=False)
        env_globals = custom_globals(env, template_globals, names or set())
    except NotPlain as why:
        return skip(f"not plain data ({why})")
    Recording.cases.append({"id": case_id, "name": name, "source": source, "templates": templates,
                            "globals": env_globals, "context": context})


def record_render(template, args, kwargs):
    source = getattr(template, "_suite_source", None)
    name = None
    if source is None:
        templates = template.environment.loader and loader_templates(template.environment)
        if template.name is None or not templates or template.name not in templates:
            return skip("template without a recorded source")
        name, source = template.name, templates[template.name]
    record(template.environment, source, name, template.globals, args, kwargs)


def recording(fn, *args):
    """Run a recorder unless one is running already (a render inside a render)."""
    if Recording.busy:
        return
    Recording.busy = True
    Recording.count += 1
    try:
        fn(*args)
    except NotPlain as why:
        skip(f"not plain data ({why})")
    finally:
        Recording.busy = False


def patch():
    """Wrap the public entry points (once): each render records before it runs, and a
    template string that does not compile is recorded as a case too (it renders nothing)."""
    original_from_string = Environment.from_string

    def from_string(self, source, globals=None, template_class=None):
        try:
            template = original_from_string(self, source, globals, template_class)
        except Exception:
            if isinstance(source, str):
                recording(record, self, source, None, {**self.globals, **(globals or {})}, (), {})
            raise
        if isinstance(source, str):
            template._suite_source = source
        return template

    Environment.from_string = from_string

    def wrap(method):
        def recorded(self, *args, **kwargs):
            recording(record_render, self, args, kwargs)
            return method(self, *args, **kwargs)
        return recorded

    for method in ("render", "render_async", "generate", "generate_async"):
        setattr(jinja2.Template, method, wrap(getattr(jinja2.Template, method)))


def pytest_configure(config):
    patch()


def pytest_runtest_setup(item):
    Recording.nodeid, Recording.count = item.nodeid, 0


def pytest_sessionfinish(session):
    with open(os.environ["JINJA2_SUITE_RAW"], "w", encoding="utf-8") as out:
        json.dump({"cases": Recording.cases, "skipped": Recording.skipped}, out)


# --- the reference render ----------------------------------------------------------------

def render_reference(case, folder):
    """Render a case as our engine claims to: its templates as files, Jinja2 configured like the engine."""
    for name, text in case["templates"].items():
        path = Path(folder, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = Environment(loader=FileSystemLoader(folder), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.globals.update(case["globals"])
    try:
        if case["name"] is None:
            template = env.from_string(case["source"])
        else:
            template = env.get_template(case["name"])
        return {"ok": True, "output": template.render(case["context"])}
    except Exception as error:
        return {"ok": False, "error": type(error).__name__, "message": str(error)}


def main(sdist, out):
    with tempfile.TemporaryDirectory(prefix="jinja2-suite-") as work:
        with tarfile.open(sdist) as archive:
            archive.extractall(work, filter="data")
        (root,) = Path(work).iterdir()
        raw = Path(work, "raw.json")
        env = {**os.environ, "JINJA2_SUITE_RAW": str(raw), "PYTHONPATH": str(Path(__file__).parent),
               "PYTHONDONTWRITEBYTECODE": "1"}
        # The tests' outcome is not ours to judge: only a crash of pytest itself (no raw file) is fatal.
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "recorder", "-p", "no:cacheprovider",
                              "tests"], cwd=root, env=env, capture_output=True, text=True)
        if not raw.exists():
            sys.exit(f"pytest recorded nothing (exit {run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        recorded = json.loads(raw.read_text(encoding="utf-8"))
        cases, seen, skipped = [], set(), dict(recorded["skipped"])
        for case in recorded["cases"]:
            key = json.dumps([case[k] for k in ("name", "source", "templates", "globals", "context")], sort_keys=True)
            if key in seen:
                skipped["duplicate of an earlier case"] = skipped.get("duplicate of an earlier case", 0) + 1
                continue
            seen.add(key)
            folder = Path(work, "cases", str(len(cases)))
            folder.mkdir(parents=True)
            cases.append({**case, "reference": render_reference(case, folder)})
    Path(out).write_text(json.dumps({"jinja2": jinja2.__version__, "cases": cases, "skipped": skipped},
                                    ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
