"""The lineage in the Dagster UI: start dagster-webserver on a free local port, open the asset graph with one
mart and everything upstream of it (from its landing files through raw, staging and intermediate), every
group expanded, wait until the graph is drawn, screenshot it, and stop the server.

Which page: the job `build_warehouse` selects every asset (`AssetSelection.all()`), so its asset graph is the
global asset lineage (`/asset-groups`). The job's own page (`/locations/<location>/jobs/build_warehouse`)
shows the same graph beside an info panel that hides part of it and stops the graph from being fitted to the
window; the lineage page fits it. The selection and the open groups are part of the address, the way the UI
writes them itself (`/asset-groups~<selection>/?expanded=<group ids>`).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from . import ROOT

LOCATION = "dagster_project.definitions"
MART = "marts/fct_bevolking_huidige_gemeente"
VIEWPORT = (2300, 1400)
STARTUP_TIMEOUT = 600  # seconds; loading the definitions parses dbt's manifest, slow on a busy 2-core machine
TELEMETRY_OFF = "telemetry:\n  enabled: false\n"

# Ready when the graph is drawn and fitted: its nodes exist, lie inside the canvas, and have not moved for three
# seconds (the layout is computed in a web worker and the view is fitted to the canvas afterwards).
GRAPH_DRAWN = """
(() => {
  const nodes = [...document.querySelectorAll('svg foreignObject')];
  if (nodes.length < 4 || document.querySelector('[role="dialog"]')) return false;
  const canvas = nodes[0].closest('svg').getBoundingClientRect();
  const boxes = nodes.map(n => n.getBoundingClientRect());
  const inside = boxes.every(b => b.left >= canvas.left && b.right <= canvas.right
                                  && b.top >= canvas.top && b.bottom <= canvas.bottom);
  const place = boxes.map(b => [b.x, b.y, b.width].map(Math.round).join(',')).join(';');
  const now = Date.now();
  if (place !== window.__obmiPlace) { window.__obmiPlace = place; window.__obmiSince = now; return false; }
  return inside && now - window.__obmiSince > 3000;
})()
"""
# The drawn graph: every node and group box with a margin, within the canvas.
GRAPH_AREA = """
(() => {
  const margin = 24;
  const nodes = [...document.querySelectorAll('svg foreignObject')];
  const canvas = nodes[0].closest('svg').getBoundingClientRect();
  const boxes = nodes.map(n => n.getBoundingClientRect());
  const x = Math.max(Math.min(...boxes.map(b => b.left)) - margin, canvas.left);
  const y = Math.max(Math.min(...boxes.map(b => b.top)) - margin, canvas.top);
  const right = Math.min(Math.max(...boxes.map(b => b.right)) + margin, canvas.right);
  const bottom = Math.min(Math.max(...boxes.map(b => b.bottom)) + margin, canvas.bottom);
  return {x, y, width: right - x, height: bottom - y};
})()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _graphql(origin: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{origin}/graphql", json.dumps({"query": query}).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.load(reply)["data"]


def _location_loaded(origin: str) -> bool:
    query = "{ workspaceOrError { ... on Workspace { locationEntries { name locationOrLoadError { __typename } } } } }"
    try:
        entries = _graphql(origin, query)["workspaceOrError"]["locationEntries"]
    except (OSError, KeyError, TypeError, ValueError):
        return False
    loaded = {e["name"]: (e["locationOrLoadError"] or {}).get("__typename") for e in entries}
    if loaded.get(LOCATION) == "PythonError":
        raise RuntimeError(f"Dagster could not load {LOCATION}: open the UI with `python3 run.py dev` to see why")
    return loaded.get(LOCATION) == "RepositoryLocation"


@contextlib.contextmanager
def webserver(warehouse_dir: Path, dagster_home: Path | None, log: Path) -> Iterator[str]:
    """dagster-webserver on 127.0.0.1 and a free port, with telemetry off; yields its address once the code
    location is loaded, stops the server and its code server afterwards."""
    with tempfile.TemporaryDirectory(prefix="obmi-dagster-home-") as temporary:
        home = dagster_home or Path(temporary)
        if not (home / "dagster.yaml").exists():
            home.mkdir(parents=True, exist_ok=True)
            (home / "dagster.yaml").write_text(TELEMETRY_OFF, encoding="utf-8")
        venv_bin = Path(sys.executable).parent
        env = dict(os.environ, DAGSTER_HOME=str(home), OBMI_WAREHOUSE_DIR=str(warehouse_dir), DO_NOT_TRACK="1")
        env["PATH"] = str(venv_bin) + os.pathsep + env.get("PATH", "")
        if not env.get("OBMI_LANDING_DIR"):
            env.setdefault("OBMI_THROWAWAY_KEYS", "1")  # as `run.py dev` on the sample files
        # dbt's manifest, which the definitions read, prepared before Dagster loads them (as run.py does).
        subprocess.run([sys.executable, "-m", "dagster_project.dbt_manifest"], cwd=ROOT, env=env, check=True)
        port = free_port()
        command = [str(venv_bin / "dagster-webserver"), "-m", LOCATION, "-h", "127.0.0.1", "-p", str(port)]
        with log.open("w", encoding="utf-8") as output:
            # Its own process group: the server and the code server it starts are stopped together.
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                      start_new_session=True)  # fmt: skip
        origin = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not _location_loaded(origin):
                if server.poll() is not None:
                    raise RuntimeError(f"dagster-webserver stopped (exit status {server.returncode}); see {log}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"dagster-webserver did not answer within {STARTUP_TIMEOUT} s; see {log}")
                time.sleep(2)
            yield origin
        finally:
            _stop(server)


def _stop(server: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        if server.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=wait)


def lineage_url(origin: str) -> str:
    """The asset graph of MART and everything upstream of it, with every asset group of the project open."""
    nodes = _graphql(origin, "{ assetNodes { assetKey { path } groupName } }")["assetNodes"]
    if not any("/".join(n["assetKey"]["path"]) == MART for n in nodes):
        raise RuntimeError(f"{MART} is not an asset of {LOCATION}: update MART in {__file__}")
    groups = sorted({n["groupName"] for n in nodes if n["groupName"]})
    selection = urllib.parse.quote(f'+key:"{MART}"', safe="")
    expanded = urllib.parse.urlencode({"expanded": ",".join(f"global@global:{g}" for g in groups)})
    return f"{origin}/asset-groups~{selection}/?{expanded}"


def lineage_png(browser, warehouse_dir: Path, dagster_home: Path | None, scratch: Path) -> bytes:
    with webserver(warehouse_dir, dagster_home, scratch / "dagster-webserver.log") as origin:
        # The UI greets a new instance with a newsletter dialog; it records here that it was seen.
        _graphql(origin, "mutation { setNuxSeen }")
        width, height = VIEWPORT
        return browser.capture(lineage_url(origin), GRAPH_DRAWN, width, height, clip=GRAPH_AREA, timeout=180)
