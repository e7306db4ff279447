"""The command line that fits: every command the build's closing summary and the README print runs as
written from a plain shell (nothing activated, the system's python3), and `build` refuses to load service
requests without a configured pseudonymisation key. Commands that start a server (`dev`, `docs`) are run
with --help, which proves run.py resolves them without holding a port open."""

import os
import re
import shutil
import subprocess

import pytest

from dagster_project.handover.build import KEY_ENV
from dagster_project.handover.summary import handover_summary
from dagster_project.resources import WarehouseLocations
from run import COMMANDS
from tests.conftest import REPO_ROOT, SEEDS

README = REPO_ROOT / "README.md"
SERVERS = {"dev", "docs"}
pytestmark = pytest.mark.skipif(os.name == "nt", reason="runs the Linux lines from a POSIX shell")


def plain_shell_environment(**extra: str) -> dict[str, str]:
    """The user's shell: no venv on PATH, none activated."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "DAGSTER_HOME", KEY_ENV}}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return {**env, **extra}


def run_as_written(command: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    subcommand = re.search(r"run\.py\"? (\w+)", command).group(1)
    assert subcommand in COMMANDS, command
    if subcommand in SERVERS:
        command = f"{command} --help"
    return subprocess.run(command, shell=True, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)


def summary_commands(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"python3 \S*run\.py\S* \w+[^\n(]*", text)]


def test_every_command_of_the_build_summary_runs_from_a_plain_shell(built_warehouse, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    settings = WarehouseLocations(
        landing_dir=str(built_warehouse.landing_dir), warehouse_dir=str(built_warehouse.warehouse_dir)
    ).settings
    summary = handover_summary(settings)
    assert str(built_warehouse.warehouse_dir / "report" / "index.html") in summary
    assert str(built_warehouse.warehouse_dir / "exports") in summary
    assert "Changes since the previous publication" in summary
    commands = summary_commands(summary)
    assert {re.search(r"run\.py\"? (\w+)", c).group(1) for c in commands} == {"sql", "dev", "docs"}
    env = plain_shell_environment()
    for command in commands:
        if re.search(r'run\.py sql( --db "[^"]+")?$', command):
            # The interactive shell: one statement on standard input, then end of input.
            ran = subprocess.run(
                command,
                shell=True,
                cwd=REPO_ROOT,
                env=env,
                input="select 41 + 1 as answer;\n",
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert ran.returncode == 0 and "42" in ran.stdout, command + ran.stderr
            continue
        ran = run_as_written(command, env)
        assert ran.returncode == 0, command + "\n" + ran.stdout[-1500:] + ran.stderr[-1500:]
        if '"select' in command:
            assert "bevolking_count" in ran.stdout


def readme_commands() -> list[str]:
    """run.py lines of the README: inline in the Quickstart table and alone in its bash blocks."""
    text = README.read_text(encoding="utf-8")
    inline = re.findall(r"`((?:python3|py) run\.py [^`]+)`", text)
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return inline + [line for line in lines if re.match(r"(python3|py) run\.py ", line)]


def test_the_readme_quickstart_has_the_same_subcommands_for_linux_and_windows():
    commands = readme_commands()
    linux = {c.split(maxsplit=1)[1] for c in commands if c.startswith("python3 ")}
    windows = {c.split(maxsplit=1)[1] for c in commands if c.startswith("py ")}
    assert {"run.py demo", "run.py build", "run.py sql", "run.py dev", "run.py docs", "run.py test"} <= windows
    assert windows <= linux
    for command in commands:
        assert command.split()[2] in COMMANDS, command


def test_the_readme_queries_run_from_a_plain_shell(built_warehouse):
    env = plain_shell_environment(OBMI_WAREHOUSE_DIR=str(built_warehouse.warehouse_dir))
    queries = [c for c in readme_commands() if c.startswith("python3 ") and " sql " in c]
    assert queries, "the README shows how to query the published copy"
    for command in queries:
        ran = run_as_written(command, env)
        assert ran.returncode == 0, command + ran.stderr[-2000:]
    for command in {c for c in readme_commands() if c.startswith("python3 ") and c.split()[2] in SERVERS}:
        assert run_as_written(command, env).returncode == 0, command
    audits = {c for c in readme_commands() if c == "python3 run.py audit"}
    assert audits, "the README tells a city to audit its published copy"
    for command in audits:
        ran = run_as_written(command, env)
        assert ran.returncode == 0 and "no suppressed cell can be narrowed below k" in ran.stdout, ran.stdout


def test_build_refuses_service_requests_without_a_pseudonymisation_key(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    env = plain_shell_environment(OBMI_LANDING_DIR=str(landing), OBMI_WAREHOUSE_DIR=str(tmp_path / "warehouse"))
    ran = subprocess.run(
        "python3 run.py build", shell=True, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 2
    assert KEY_ENV in ran.stderr and "meldingen_" in ran.stderr and "Nothing was loaded" in ran.stderr
    assert not (tmp_path / "warehouse").exists()
