"""Generate docs/api.md from the docstrings of the dedupe_text package.

    python tools/api_docs.py            # rewrite docs/api.md
    python tools/api_docs.py --check    # exit 1 if docs/api.md is stale

Every module of the package is documented (the CLI has its own page), each public function,
class, method, property and documented constant in the order the source defines them.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import re
import sys
import types
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "api.md"
PACKAGE = "dedupe_text"
SKIP_MODULES = {"dedupe_text.cli", "dedupe_text.__main__"}
_FIELD = re.compile(r"^(\w+):$")


class _Raw(str):
    """An annotation string shown as written (no quotes)."""

    def __repr__(self) -> str:
        return str(self)


def signature(obj: Any) -> str:
    """Return ``name(params) -> result`` with annotations as the source writes them.

    >>> def f(a: int, *, b: str = "x") -> bool: ...
    >>> signature(f)
    "f(a: int, *, b: str = 'x') -> bool"
    """
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return obj.__name__ + "(...)"
    params = [p.replace(annotation=_Raw(p.annotation)) if isinstance(p.annotation, str) else p
              for p in sig.parameters.values()]
    result = inspect.Signature.empty if inspect.isclass(obj) else sig.return_annotation
    sig = sig.replace(parameters=params, return_annotation=_Raw(result) if isinstance(result, str) else result)
    return obj.__name__ + str(sig)


def docstring_markdown(doc: str | None) -> str:
    """Turn a docstring into Markdown: doctests fenced, ``name:`` field lists as bullets.

    >>> print(docstring_markdown("Do it.\\n\\nkeep:\\n    Which ``one``.\\n    Default 1."))
    Do it.
    <BLANKLINE>
    - `keep`: Which `one`. Default 1.
    """
    lines = inspect.cleandoc(doc or "").splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">>>"):
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += ["```pycon", *inspect.cleandoc("\n".join(block)).splitlines(), "```"]
            continue
        field = _FIELD.match(line)
        if field and i + 1 < len(lines) and lines[i + 1].startswith("    "):
            body = []
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                body.append(lines[i].strip())
                i += 1
            out.append(f"- `{field.group(1)}`: " + " ".join(body).replace("``", "`"))
            continue
        out.append(line.strip().replace("``", "`"))
        i += 1
    return "\n".join(out).strip()


def constant_docs(module: types.ModuleType) -> dict[str, str]:
    """Public constants followed by a docstring in the module source, in order."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return {}
    found: dict[str, str] = {}
    for node, after in zip(tree.body, tree.body[1:]):
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
        documented = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(
            after.value.value, str)
        if isinstance(target, ast.Name) and not target.id.startswith("_") and documented:
            found[target.id] = after.value.value  # type: ignore[attr-defined]
    return found


def members(module: types.ModuleType) -> Iterator[tuple[str, Any]]:
    """Public functions and classes defined in ``module`` (not imported), in source order."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            yield name, obj


def class_markdown(cls: type) -> list[str]:
    if issubclass(cls, BaseException):
        head = f"{cls.__name__}({', '.join(base.__name__ for base in cls.__bases__)})"
    else:
        head = signature(cls)
    out = ["```python", f"class {head}", "```", "", docstring_markdown(cls.__doc__), ""]
    for name, attr in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(attr, property):
            out += [f"#### `{cls.__name__}.{name}` (property)", "", docstring_markdown(attr.__doc__), ""]
        elif isinstance(attr, (classmethod, staticmethod)) or inspect.isfunction(attr):
            func = attr.__func__ if isinstance(attr, (classmethod, staticmethod)) else attr
            out += [f"#### `{cls.__name__}.{name}`", "", "```python", signature(func), "```", "",
                    docstring_markdown(func.__doc__), ""]
    return out


def module_markdown(module: types.ModuleType) -> list[str]:
    out = [f"## `{module.__name__}`", "", docstring_markdown(module.__doc__), ""]
    for name, text in constant_docs(module).items():
        value = repr(getattr(module, name, None))
        shown = f" = `{value}`" if len(value) <= 60 and "\n" not in value else ""
        out += [f"- `{name}`{shown}: {docstring_markdown(text)}"]
    if out[-1] != "":
        out.append("")
    for name, obj in members(module):
        out += [f"### `{name}`", ""]
        if inspect.isclass(obj):
            out += class_markdown(obj)
        else:
            out += ["```python", signature(obj), "```", "", docstring_markdown(obj.__doc__), ""]
    return out


def modules() -> list[types.ModuleType]:
    package = importlib.import_module(PACKAGE)
    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__, PACKAGE + "."))
    return [package] + [importlib.import_module(n) for n in names if n not in SKIP_MODULES]


def render() -> str:
    """The whole of docs/api.md."""
    found = modules()
    package = found[0]
    exported = ", ".join(f"`{name}`" for name in getattr(package, "__all__", ()))
    out = [
        "# API reference",
        "",
        "Generated from the docstrings by `python tools/api_docs.py`; do not edit by hand "
        "(`tests/test_api_docs.py` fails when this page and the code disagree). The examples are "
        "doctests: the test suite runs them. The command line is described in [cli.md](cli.md).",
        "",
        f"What `import {PACKAGE}` exports: {exported}.",
        "",
        "Modules: " + ", ".join(f"[`{m.__name__}`](#{m.__name__.replace('.', '')})" for m in found) + ".",
        "",
    ]
    out += [f"## `{PACKAGE}`", "", *docstring_markdown(package.__doc__).splitlines(), ""]
    for module in found[1:]:
        out += module_markdown(module)
    return "\n".join(out).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is stale")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is stale: run python tools/api_docs.py", file=sys.stderr)
            return 1
        return 0
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
