"""The graph as HTML: the ``<gradviz-graph>`` viewer with the snapshot inline, for a notebook cell
or a page of its own. Everything is inline (no network request): the viewer's JavaScript was
built from ``packages/viz`` into this package; it computes the picture and the findings in the
browser with the same code as the TypeScript library."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Dict, Optional

_VIEWER = Path(__file__).resolve().parent / "_static" / "viewer.js"
_viewer_code: Optional[str] = None

# Shown where the viewer's script does not run (an untrusted notebook, a viewer without JavaScript).
_NO_SCRIPT = "gradviz: this graph is drawn by JavaScript; trust the notebook or run the cell again to see it."

_PAGE_CSS = "html, body { margin: 0; height: 100%; } gradviz-graph { height: 100vh; margin: 0; }"


def viewer_code() -> str:
    """The viewer (a classic script that defines ``<gradviz-graph>`` once per page)."""
    global _viewer_code
    if _viewer_code is None:
        try:
            _viewer_code = _VIEWER.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RuntimeError(
                f"gradviz's notebook viewer is missing ({_VIEWER}): this copy of the package was not built; "
                "in the gradviz repository, run `npx -y pnpm@12.4.2 build`, which writes it"
            ) from None
    return _viewer_code


def inline_json(value: Any) -> str:
    """JSON for ``<script type="application/json">``: no ``<`` that could end the element."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


def inline_script(code: str) -> str:
    """A script for ``<script>``: ``</script`` and ``<!--`` cannot appear, the same in JS strings."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _attributes(options: Dict[str, Any]) -> str:
    parts = []
    for name, value in options.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not None and value is not False:
            parts.append(f' {name}="{html.escape(str(value), quote=True)}"')
    return "".join(parts)


def graph_element(snapshot: Dict[str, Any], options: Dict[str, Any]) -> str:
    """``<gradviz-graph>`` holding the snapshot, with makeDot's options as attributes."""
    return (
        f"<gradviz-graph{_attributes(options)}>"
        f'<script type="application/json">{inline_json(snapshot)}</script>'
        f'<p style="font: 13px sans-serif; color: #555">{html.escape(_NO_SCRIPT)}</p>'
        "</gradviz-graph>"
    )


def notebook_html(snapshot: Dict[str, Any], options: Dict[str, Any]) -> str:
    """A cell's output: the element, then the viewer's script. Several per notebook do not clash:
    there are no ids, and the script defines the element only once."""
    return f'<div class="gradviz-output">{graph_element(snapshot, options)}<script>{inline_script(viewer_code())}</script></div>'


def page_html(snapshot: Dict[str, Any], options: Dict[str, Any], title: str) -> str:
    """A page of its own, that works offline from a file."""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="gradviz">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f"{graph_element(snapshot, options)}\n<script>{inline_script(viewer_code())}</script>\n</body>\n</html>\n"
    )
