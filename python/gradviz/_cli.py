"""gradviz's command-line tool, on Node.js: what draws SVG, PNG and DOT files and lists findings
outside a notebook. Everything that interprets a graph exists once, in TypeScript; this runs it."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

# The CLI in a checkout of the gradviz repository, when the package runs from there.
_REPO_CLI = Path(__file__).resolve().parents[2] / "packages" / "cli" / "bin" / "gradviz.mjs"
TIMEOUT_SECONDS = 600


class NodeNotFoundError(RuntimeError):
    """What needs Node.js was asked for, and no gradviz CLI could be found."""


def cli_command() -> Optional[List[str]]:
    """The command that runs gradviz's CLI: ``$GRADVIZ_CLI``, the repository's, or ``gradviz`` on the PATH."""
    configured = os.environ.get("GRADVIZ_CLI")
    if configured:
        return shlex.split(configured)
    node = shutil.which("node")
    if node is not None and _REPO_CLI.is_file():
        return [node, str(_REPO_CLI)]
    installed = shutil.which("gradviz")
    return [installed] if installed is not None else None


def _require_cli(task: str) -> List[str]:
    command = cli_command()
    if command is None:
        raise NodeNotFoundError(
            f"{task} needs gradviz's command-line tool, which runs on Node.js, and none was found: "
            "install Node.js 20 or later (https://nodejs.org), then `npm install -g @gradviz/viz`, "
            "or set GRADVIZ_CLI to the command that runs it. Without Node, the graph still shows in "
            "a notebook, and g.save('graph.html') or g.save('graph.json') write files."
        )
    return command


def run_cli(task: str, snapshot: Dict[str, Any], arguments: List[str]) -> str:
    """Runs ``gradviz <arguments>`` on the snapshot (its path replaces ``{snapshot}``); returns stdout."""
    command = _require_cli(task)
    with tempfile.TemporaryDirectory(prefix="gradviz-") as folder:
        path = os.path.join(folder, "graph.json")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(snapshot, file)
        argv = command + [path if a == "{snapshot}" else a for a in arguments]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except OSError as error:
            raise NodeNotFoundError(f"{task}: cannot run {shlex.join(command)}: {error}") from error
        except subprocess.TimeoutExpired as error:
            raise RuntimeError(f"{task}: gradviz's CLI did not finish within {TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        message = done.stderr.strip().replace(path, "the snapshot") or f"exit status {done.returncode}"
        raise RuntimeError(f"{task}: {message}")
    return done.stdout
