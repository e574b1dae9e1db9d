"""The reference of rule kinds, generated from the kinds themselves (docstring and
parameter schema), so it cannot drift from the code. rules/README.md is this output;
a test keeps the two equal. Regenerate with `python -m mtcheck.kinds.docs > rules/README.md`."""
from __future__ import annotations

import inspect

from . import KINDS
from .base import RULE_KEYS

HEADER = """# Rule packs

Each `*.yaml` file here is a pack: `pack: name`, `description:` and a list of `rules:`.
Every rule has these keys:

| key | meaning |
|---|---|
| `id` | stable code: 2–4 capitals and 3–4 digits (MT201) |
| `name` | kebab-case, unique |
| `kind` | one of the kinds below |
| `category` | MQM path, e.g. `Accuracy/Mistranslation`, `Fluency/Grammar`, `Style/Awkward`, `Design and markup/Markup` |
| `severity` | `minor`, `major` or `critical` |
| `message` | shown for each finding; `{match}` quotes the matched text, `{suggestion}` the first suggestion, and some kinds fill more fields |
| `description`, `why` | what the rule does and why an editor should care (`mtcheck explain`) |
| `fix` | `safe` (applied by `--fix`), `unsafe` (needs `--unsafe-fixes`) or `display` (suggestion only) |
| `preview` | `true` keeps the rule off unless selected by its id or name, or `--preview` |
| `examples` | `bad:` texts the rule must flag (or `{text:, fixed:}`), `good:` texts it must not |

The kind's own parameters follow. The bundled gazetteer lives in `gazetteer/`.
"""


def render() -> str:
    out = [HEADER]
    for name in sorted(KINDS):
        kind = KINDS[name]
        out.append(f"## `{name}`\n")
        out.append(inspect.cleandoc(kind.__doc__ or "") + "\n")
        if kind.fields:
            out.append("Message fields: " + ", ".join(f"`{{{f}}}`" for f in kind.fields) + "\n")
        if kind.params:
            out.append("| parameter | type | default | meaning |\n|---|---|---|---|")
            for pname, p in kind.params.items():
                default = "required" if p.required else f"`{p.default!r}`"
                extra = f" One of: {', '.join(p.choices)}." if p.choices else ""
                out.append(f"| `{pname}` | {p.type} | {default} | {p.doc}{extra} |")
            out.append("")
    assert set(RULE_KEYS) >= {"id", "name", "kind"}
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
