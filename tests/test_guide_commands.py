"""Every command in the handbook's walkthrough (chapter 12) is run or verified against the project, so
the guide cannot drift from the code. A command this test does not know fails it: teach the test or fix
the guide."""

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project.handover.build import KEY_ENV
from dagster_project.landing.encryption import ARCHIVE_KEY_ENV, ARCHIVE_KEY_FILE_ENV, THROWAWAY_KEYS_ENV, archive_cipher
from dagster_project.settings import LANDING_DIR_ENV
from run import COMMANDS
from tests.conftest import REPO_ROOT, SEEDS

CHAPTER = REPO_ROOT / "guide" / "12-aan-de-slag.md"
RUN_PY_COMMANDS = set(COMMANDS)
# Read by pip when run.py installs the dependencies behind a city's proxy, not by the project's code.
PROXY_VARIABLES = {"HTTPS_PROXY", "HTTP_PROXY"}


def guide_commands(language: str = "bash") -> list[str]:
    text = CHAPTER.read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def run_py_subcommand(command: str) -> str:
    return re.search(r"run\.py (\w+)", command).group(1)


def classify(command: str) -> str:
    rules = [
        (r"git clone <[^>]+>", "placeholder"),
        (r"cd <[^>]+>", "placeholder"),
        (r"(python3|py) run\.py demo", "demo"),
        # The archive key (chapter 9): an owner-only folder outside the project, the key written into it, the
        # key file made owner-only (Linux/macOS) or the folder's NTFS permissions set first (Windows).
        (r"mkdir -m 700 /\S+", "key_folder"),
        (r"python3 run\.py archive new-key > /\S+\.key", "archive_new_key"),
        (r"chmod 600 /\S+\.key", "key_permissions"),
        (r'New-Item -ItemType Directory -Path "[^"]+"', "key_folder"),
        (
            r'icacls "[^"]+" /inheritance:r /grant:r "\$\{env:USERDOMAIN\}\\\$\{env:USERNAME\}:\(OI\)\(CI\)F"',
            "key_permissions",
        ),
        (r'py run\.py archive new-key \| Set-Content -Encoding ascii -Path "[^"]+\.key"', "archive_new_key"),
        (r'(python3|py) run\.py sql "[^"]+"', "sql_query"),
        (r"(python3|py) run\.py (\w+)", "run_py"),
        (r"export (\w+)=.*|\$env:(\w+) = .*", "env"),
        (r'schtasks /Create /TN "[^"]+" /SC DAILY /ST \d\d:\d\d /TR "py [^"]*\\run\.py \w+"', "scheduled_run_py"),
    ]
    for pattern, kind in rules:
        if re.fullmatch(pattern, command):
            return kind
    return "unknown"


def test_every_walkthrough_command_is_known():
    commands = guide_commands()
    assert commands, "no bash blocks found in chapter 12"
    unknown = [c for c in commands if classify(c) == "unknown"]
    assert unknown == [], f"chapter 12 has commands this test cannot check: {unknown}"


def test_run_py_subcommands_exist_and_ci_runs_the_test_command():
    for command in guide_commands() + guide_commands("powershell"):
        if classify(command) in {"run_py", "demo", "sql_query", "scheduled_run_py", "archive_new_key"}:
            assert run_py_subcommand(command) in RUN_PY_COMMANDS, command
    assert "python3 run.py test" in (REPO_ROOT / ".ci" / "run").read_text()


def test_every_powershell_command_is_known_and_matches_the_bash_walkthrough():
    """The Windows (PowerShell) blocks use the same run.py subcommands as the Linux/macOS (bash) blocks."""
    powershell = guide_commands("powershell")
    assert powershell, "no powershell blocks found in chapter 12"
    unknown = [c for c in powershell if classify(c) == "unknown"]
    assert unknown == [], f"chapter 12 has PowerShell commands this test cannot check: {unknown}"
    interactive = {"run_py", "demo", "sql_query", "archive_new_key"}
    bash = {run_py_subcommand(c) for c in guide_commands() if classify(c) in interactive}
    windows = {run_py_subcommand(c) for c in powershell if classify(c) in interactive}
    assert windows == bash
    assert all(c.startswith("py ") for c in powershell if classify(c) in interactive)


def test_environment_variables_in_the_guide_are_read_by_the_code():
    for language in ("bash", "powershell"):
        commands = [c for c in guide_commands(language) if classify(c) == "env"]
        names = {re.search(r"(?:export |\$env:)(\w+)", c).group(1) for c in commands}
        assert names - PROXY_VARIABLES == {LANDING_DIR_ENV, KEY_ENV, ARCHIVE_KEY_FILE_ENV}, language


def key_steps(language: str) -> dict[str, str]:
    """The archive key steps of chapter 12, by kind, and the value the chapter gives OBMI_ARCHIVE_KEY_FILE."""
    commands = guide_commands(language)
    steps = {classify(c): c for c in commands if classify(c) in {"key_folder", "archive_new_key", "key_permissions"}}
    exported = [c for c in commands if classify(c) == "env" and ARCHIVE_KEY_FILE_ENV in c]
    assert len(exported) == 1, exported
    steps["key_file"] = re.search(r'(?:=|= ")([^"]+?)"?$', exported[0]).group(1)
    assert set(steps) == {"key_folder", "archive_new_key", "key_permissions", "key_file"}, language
    order = [commands.index(steps[kind]) for kind in ("key_folder", "archive_new_key")]
    assert order == sorted(order) and order[-1] < commands.index(exported[0]), language
    return steps


def test_the_archive_key_steps_name_one_key_file_in_one_owner_only_folder():
    bash = key_steps("bash")
    folder = bash["key_folder"].split()[-1]
    assert bash["archive_new_key"].endswith(f"> {bash['key_file']}")
    assert bash["key_permissions"] == f"chmod 600 {bash['key_file']}"
    assert bash["key_file"].startswith(folder + "/")
    windows = key_steps("powershell")
    folder = re.search(r'-Path "([^"]+)"', windows["key_folder"]).group(1)
    assert windows["archive_new_key"].endswith(f'-Path "{windows["key_file"]}"')
    assert windows["key_file"].startswith(folder + "\\")
    # On Windows the folder's permissions are set before the key is written into it (the file inherits them).
    assert windows["key_permissions"].startswith(f'icacls "{folder}" ')
    commands = guide_commands("powershell")
    assert commands.index(windows["key_permissions"]) < commands.index(windows["archive_new_key"])


@pytest.mark.skipif(os.name == "nt", reason="the walkthrough's Linux commands")
def test_the_archive_key_steps_make_a_key_file_the_build_accepts(tmp_path, monkeypatch):
    """Run the chapter's key steps as written (python3 run.py archive new-key > file, chmod 600) in a folder
    outside the project: the build's own check accepts the key file and it encrypts and decrypts."""
    steps = key_steps("bash")
    placeholder = steps["key_folder"].split()[-1]
    folder = tmp_path / "sleutels"
    plain = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", ARCHIVE_KEY_FILE_ENV, ARCHIVE_KEY_ENV}}
    plain["PATH"] = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    for kind in ("key_folder", "archive_new_key", "key_permissions"):
        command = steps[kind].replace(placeholder, str(folder))
        ran = subprocess.run(command, shell=True, cwd=REPO_ROOT, env=plain, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, f"{command}: {ran.stderr}"
    key_file = Path(steps["key_file"].replace(placeholder, str(folder)))
    lines = key_file.read_text(encoding="ascii").splitlines()
    assert len(lines) == 1 and len(lines[0]) == 44, "the key file holds one key and nothing else"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    monkeypatch.setenv(ARCHIVE_KEY_FILE_ENV, str(key_file))
    monkeypatch.delenv(ARCHIVE_KEY_ENV, raising=False)
    monkeypatch.delenv(THROWAWAY_KEYS_ENV, raising=False)
    cipher = archive_cipher({"the warehouse": tmp_path / "warehouse", "the repository": REPO_ROOT})
    assert not cipher.throwaway
    assert cipher.fernet.decrypt(cipher.fernet.encrypt(b"melder")) == b"melder"


def test_dagster_dev_started_by_run_py_finds_the_definitions():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "definitions", "validate"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


@pytest.mark.skipif(os.name == "nt", reason="the walkthrough's Linux commands")
def test_demo_command_and_query_run_as_written(tmp_path):
    """`python3 run.py demo` with OBMI_LANDING_DIR set, then the chapter's query, from the project folder."""
    landing = tmp_path / "landingsmap"
    shutil.copytree(SEEDS, landing)
    project = tmp_path / "project"
    project.mkdir()
    env = {**os.environ, LANDING_DIR_ENV: str(landing), "OBMI_WAREHOUSE_DIR": str(project / "warehouse")}
    env.pop("DAGSTER_HOME", None)
    demo = subprocess.run(
        [sys.executable, str(REPO_ROOT / "run.py"), "demo"], env=env, capture_output=True, text=True, timeout=900
    )
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert str(project / "warehouse" / "published" / "obmi.duckdb") in demo.stdout
    # What changed: every source was delivered for the first time here, the population with its 7 files.
    assert "Sources refreshed: " in demo.stdout and "tf_soc_pop_struct (7 new file(s)" in demo.stdout

    query = next(c for c in guide_commands() if classify(c) == "sql_query")
    assert "fct_bevolking_huidige_gemeente" in query
    # From a plain shell in the project folder: python3 is the system's, nothing activated.
    plain = {k: v for k, v in env.items() if k != "VIRTUAL_ENV"}
    plain["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    ran = subprocess.run(query, shell=True, cwd=REPO_ROOT, env=plain, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert "bevolking_count" in ran.stdout
    con = duckdb.connect(str(project / "warehouse" / "published" / "obmi.duckdb"), read_only=True)
    assert con.execute("select count(*) from marts.fct_bevolking_huidige_gemeente").fetchone()[0] == 6 * 32 + 32
