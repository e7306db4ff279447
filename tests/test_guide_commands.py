"""Every command in the handbook's walkthrough (chapter 12) is run or verified against the project, so
the guide cannot drift from the code. A command this test does not know fails it: teach the test or fix
the guide."""

import ast
import inspect
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project import archive_cli
from dagster_project.handover.build import KEY_ENV, refusal
from dagster_project.landing.encryption import ARCHIVE_KEY_ENV, ARCHIVE_KEY_FILE_ENV, THROWAWAY_KEYS_ENV, archive_cipher
from dagster_project.settings import LANDING_DIR_ENV, WAREHOUSE_DIR_ENV
from run import COMMANDS, DAGSTER_HOME
from run import main as run_main
from tests.conftest import REPO_ROOT, SEEDS

CHAPTER = REPO_ROOT / "guide" / "12-aan-de-slag.md"
RUN_PY_COMMANDS = set(COMMANDS)
# Read by pip when run.py installs the dependencies behind a city's proxy, not by the project's code.
PROXY_VARIABLES = {"HTTPS_PROXY", "HTTP_PROXY"}
# The kinds of walkthrough command that run a run.py subcommand in the reader's terminal.
RUN_PY_STEPS = {"run_py", "demo", "sql_query", "archive_new_key", "archive_list"}


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
        # What the archive holds encrypted, with no key (chapter 9's check of the retention periods).
        (r"(python3|py) run\.py archive list", "archive_list"),
        (r'(python3|py) run\.py sql "[^"]+"', "sql_query"),
        (r"(python3|py) run\.py (\w+)", "run_py"),
        (r"export (\w+)=.*|\$env:(\w+) = .*", "env"),
        (r'schtasks /Create /TN "[^"]+" /SC DAILY /ST \d\d:\d\d /TR "py [^"]*\\run\.py \w+"', "scheduled_run_py"),
        # Production (step 10): what a scheduled task last returned, and Dagster's daemon and web server as
        # long-running processes on the definitions `run.py dev` loads, after the manifest run.py prepares.
        (r'Get-ScheduledTaskInfo -TaskName "[^"]+"', "scheduled_task_info"),
        (r"\.venv/bin/python -m dagster_project\.dbt_manifest", "dbt_manifest"),
        (r'DAGSTER_HOME="\$PWD/\.dagster" \.venv/bin/dagster-(daemon run|webserver) -m [\w.]+', "dagster_service"),
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
        if classify(command) in RUN_PY_STEPS | {"scheduled_run_py"}:
            assert run_py_subcommand(command) in RUN_PY_COMMANDS, command
    assert "python3 run.py test" in (REPO_ROOT / ".ci" / "run").read_text()


def test_every_powershell_command_is_known_and_matches_the_bash_walkthrough():
    """The Windows (PowerShell) blocks use the same run.py subcommands as the Linux/macOS (bash) blocks."""
    powershell = guide_commands("powershell")
    assert powershell, "no powershell blocks found in chapter 12"
    unknown = [c for c in powershell if classify(c) == "unknown"]
    assert unknown == [], f"chapter 12 has PowerShell commands this test cannot check: {unknown}"
    bash = {run_py_subcommand(c) for c in guide_commands() if classify(c) in RUN_PY_STEPS}
    windows = {run_py_subcommand(c) for c in powershell if classify(c) in RUN_PY_STEPS}
    assert windows == bash
    assert all(c.startswith("py ") for c in powershell if classify(c) in RUN_PY_STEPS)


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


def code_lines() -> list[str]:
    """Every line of every code block of chapter 12, whatever its language (crontab lines, expected output)."""
    text = CHAPTER.read_text(encoding="utf-8")
    return [
        line.strip() for block in re.findall(r"```[\w-]*\n(.*?)```", text, flags=re.S) for line in block.splitlines()
    ]


def test_every_run_py_subcommand_in_a_code_block_exists():
    """Also in the crontab lines and the expected output, which the walkthrough does not run."""
    named = {m for line in code_lines() for m in re.findall(r"run\.py (\w+)", line)}
    assert named and named <= RUN_PY_COMMANDS, named - RUN_PY_COMMANDS
    cron = [line for line in code_lines() if re.match(r"(\S+ ){5}python3 \S+/run\.py \w+", line)]
    assert cron and all(run_py_subcommand(line) == "build" for line in cron), cron


def test_the_production_commands_match_run_py_and_the_scheduled_task():
    """The daemon and web server load the definitions `run.py dev` loads, keep their runs where run.py keeps
    them, after the manifest step run.py itself runs; the task whose result is read is the task scheduled."""
    bash = [c for c in guide_commands() if classify(c) in {"dbt_manifest", "dagster_service"}]
    services = [c for c in bash if classify(c) == "dagster_service"]
    assert {re.search(r"dagster-(\w+)", c).group(1) for c in services} == {"daemon", "webserver"}
    dev_module = COMMANDS["dev"][-1]
    for command in services:
        assert command.split()[-1] == dev_module, command
        assert f"/{DAGSTER_HOME.name}" in command.split()[0], command
        program = Path(sys.executable).parent / re.search(r"(dagster-\w+)", command).group(1)
        usage = subprocess.run([str(program), *command.split()[2:-2], "--help"], capture_output=True, text=True)
        assert usage.returncode == 0 and "--module-name" in usage.stdout, usage.stderr
    manifest = next(c for c in bash if classify(c) == "dbt_manifest")
    assert bash.index(manifest) < bash.index(services[0])
    assert '"-m", "dagster_project.dbt_manifest"' in inspect.getsource(run_main)
    windows = guide_commands("powershell")
    scheduled = next(c for c in windows if classify(c) == "scheduled_run_py")
    info = next(c for c in windows if classify(c) == "scheduled_task_info")
    task = re.search(r'/TN "([^"]+)"', scheduled).group(1)
    assert info.endswith(f'-TaskName "{task}"') and windows.index(scheduled) < windows.index(info)


# A full build of the demo warehouse through run.py (no fixture of conftest's, so it is marked here).
@pytest.mark.slow
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


# Expected output (issue 13, item 5): every walkthrough step that runs a command shows what it prints, in an
# admonition titled "Wat je ziet bij <command>" holding `text` blocks, shortened with "…" where long. The
# blocks are copied from real runs; these tests keep them in step with the strings the code prints.
EXPECTED_OUTPUT_TITLE = re.compile(r'(?:\?\?\?\+?|!!!) example "Wat je ziet bij ([^"]+)"')
ELLIPSIS = "…"
PLACEHOLDER = "\x00"  # a value the code fills in (an f-string's field, a log message's %s, a concatenated part)
PROJECT = REPO_ROOT / "dagster_project"
DEMO_PRINTS = [
    REPO_ROOT / "run.py",  # the set-up lines of a first run
    PROJECT / "demo.py",
    PROJECT / "console.py",
    PROJECT / "handover" / "summary.py",
    PROJECT / "sources" / "stad" / "meldingen.py",  # the warning about the throwaway pseudonymisation key
]


def expected_outputs() -> dict[str, list[list[str]]]:
    """The `text` blocks of each expected-output admonition in chapter 12, by the command in its title."""
    lines = CHAPTER.read_text(encoding="utf-8").splitlines()
    outputs: dict[str, list[list[str]]] = {}
    for number, line in enumerate(lines):
        title = EXPECTED_OUTPUT_TITLE.fullmatch(line)
        if not title:
            continue
        body = []
        for inside in lines[number + 1 :]:
            if inside.strip() and not inside.startswith("    "):
                break
            body.append(inside[4:])
        blocks = re.findall(r"^```text\n(.*?)^```$", "\n".join(body) + "\n", flags=re.S | re.M)
        assert title.group(1) not in outputs, f"two expected outputs for {title.group(1)}"
        outputs[title.group(1)] = [block.splitlines() for block in blocks]
    return outputs


def walkthrough_step(command: str) -> str:
    """The step a command belongs to: `run.py sql` for a query, `run.py archive new-key` for the key."""
    match = re.search(r"run\.py (\w+)(?: ([a-z][\w-]*))?", command)
    return " ".join(part for part in ("run.py", *match.groups()) if part)


def _template(node: ast.AST, constants: dict[str, str]) -> str:
    """The text a string expression of the code prints, with PLACEHOLDER where a value is filled in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("%s", PLACEHOLDER)
    if isinstance(node, ast.JoinedStr):
        return "".join(_template(part, constants) for part in node.values)
    if isinstance(node, ast.FormattedValue) and isinstance(node.value, ast.Name) and node.format_spec is None:
        return constants.get(node.value.id, PLACEHOLDER)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _template(node.left, constants) + _template(node.right, constants)
    return PLACEHOLDER


def printed_lines(*modules: Path) -> list[str]:
    """Every line the modules can print, as the code writes it: string constants, f-strings and string
    concatenations split at their newlines, a module's own string constants filled in, PLACEHOLDER for the
    rest. Lines with fewer than three characters of their own (such as f"  {command}") are left out."""
    lines = []
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        constants = {
            target.id: statement.value.value
            for statement in tree.body
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
            if isinstance(statement.value.value, str)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        inside_a_string, docstrings = set(), set()
        for node in ast.walk(tree):  # breadth first: an expression comes before its parts
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                docstrings.add(id(node.value))
            if id(node) in inside_a_string or id(node) in docstrings:
                continue
            text = _template(node, constants)
            is_string = isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp)
            if not is_string or text.replace(PLACEHOLDER, "") == "":
                continue
            inside_a_string.update(id(part) for part in ast.walk(node))
            lines += [line for line in text.split("\n") if len(line.replace(PLACEHOLDER, "").strip()) >= 3]
    return lines


def could_be_the_same_line(shown: str, printed: str) -> bool:
    """Some line fits both the shown line (where "…" stands for what was left out) and the printed one (where
    PLACEHOLDER stands for a value). Both are patterns of literal characters and "any characters": walk them
    side by side, a wildcard taking none or more of the other's characters."""
    a = [None if c == ELLIPSIS else c for c in shown]
    b = [None if c == PLACEHOLDER else c for c in printed]
    seen, todo = set(), [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] is None:
            todo.append((i + 1, j))
            if j < len(b) and b[j] is not None:
                todo.append((i, j + 1))
        if j < len(b) and b[j] is None:
            todo.append((i, j + 1))
            if i < len(a) and a[i] is not None:
                todo.append((i + 1, j))
        if i < len(a) and j < len(b) and a[i] is not None and a[i] == b[j]:
            todo.append((i + 1, j + 1))
    return False


def test_could_be_the_same_line_compares_shortened_output_with_the_code():
    assert could_be_the_same_line("Warehouse built in 173 s.", f"Warehouse built in {PLACEHOLDER} s.")
    assert could_be_the_same_line(
        "Sources refreshed: a (1 new file(s), 5 rows), …", f"Sources refreshed: {PLACEHOLDER}"
    )
    assert could_be_the_same_line("Demo: the sample's (…) keys.", "Demo: the sample's (invented persons) keys.")
    assert not could_be_the_same_line("Warehouse build in 173 s.", f"Warehouse built in {PLACEHOLDER} s.")
    assert not could_be_the_same_line("Demo: the sample's (…) key.", "Demo: the sample's (invented persons) keys.")


def test_every_walkthrough_step_shows_what_it_prints():
    outputs = expected_outputs()
    steps = {
        walkthrough_step(c) for c in guide_commands() + guide_commands("powershell") if classify(c) in RUN_PY_STEPS
    }
    assert steps >= {"run.py demo", "run.py build", "run.py sql", "run.py test", "run.py dev", "run.py docs"}, steps
    missing = steps - set(outputs)
    assert not missing, f"chapter 12 shows no expected output for: {sorted(missing)}"
    assert "git clone" in outputs
    unknown = [title for title in outputs if not title.startswith("git ") and title.split(" zonder")[0] not in steps]
    assert unknown == [], f"expected output for a command the walkthrough does not run: {unknown}"


def test_the_demos_expected_output_is_what_the_demo_prints():
    """Every line shown under `run.py demo` is one the code prints (run.py's set-up, the progress lines, the
    summary), and the lines that tell success and where the warehouse is are there."""
    blocks = expected_outputs()["run.py demo"]
    assert len(blocks) == 1
    shown = [line for line in blocks[0] if line.strip() and line.strip() != ELLIPSIS]
    printed = printed_lines(*DEMO_PRINTS)
    not_printed = [line for line in shown if not any(could_be_the_same_line(line, p) for p in printed)]
    assert not_printed == [], f"lines shown under run.py demo that the code does not print: {not_printed}"
    starts = [
        "Landing folder: ",
        "  validated  ",
        "  loaded     ",
        "  dbt build  ",
        "  published  obmi_duckdb",
        "Full log: ",
        "Warehouse built in ",
        "  Published (read-only, for BI): ",
        "  Data-quality report: ",
        "  Report (open in a browser, works offline): ",
        "Sources refreshed: ",
    ]
    for start in starts:
        assert any(line.startswith(start) for line in shown), f"the expected output lacks the line {start!r}"
    assert shown.index(next(s for s in shown if s.startswith("Warehouse built in "))) < len(shown) - 1


def test_the_build_refusal_shown_is_the_refusal_of_run_py_build(tmp_path, monkeypatch):
    """The refusal shown under `run.py build` is, line by line, what build.py says when the landing folder of
    the walkthrough holds the sample's service requests and neither key is set."""
    placeholder = next(c for c in guide_commands() if classify(c) == "env" and LANDING_DIR_ENV in c).split("=", 1)[1]
    landing = tmp_path / "landingsmap"
    landing.mkdir()
    for delivery in SEEDS.glob("meldingen_*"):
        shutil.copy2(delivery, landing / delivery.name)
    monkeypatch.setenv(LANDING_DIR_ENV, str(landing))
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(tmp_path / "warehouse"))
    for name in (KEY_ENV, ARCHIVE_KEY_FILE_ENV, ARCHIVE_KEY_ENV, THROWAWAY_KEYS_ENV):
        monkeypatch.delenv(name, raising=False)
    real = refusal().replace(str(landing), placeholder).splitlines()
    blocks = expected_outputs()["run.py build"]
    assert len(blocks) == 1
    shown = blocks[0]
    assert len(shown) == len(real), f"the refusal has {len(real)} lines, the guide shows {len(shown)}"
    for shown_line, real_line in zip(shown, real, strict=True):
        assert could_be_the_same_line(shown_line, real_line), f"shown: {shown_line}\nprinted: {real_line}"
    assert shown[-1].startswith("Nothing was loaded.")


def test_the_sql_shells_expected_output_is_what_the_shell_prints():
    blocks = expected_outputs()["run.py sql zonder query"]
    printed = printed_lines(PROJECT / "handover" / "sql.py")
    greeting = blocks[0][:2]
    assert greeting[0].startswith("Read-only SQL on ") and greeting[1].startswith("Try: ")
    for line in greeting:
        assert any(could_be_the_same_line(line, p) for p in printed), line


def test_archive_list_runs_without_a_key(tmp_path, monkeypatch, capsys):
    """The walkthrough's `run.py archive list` needs no key; on a warehouse with nothing archived it prints nothing."""
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(tmp_path / "warehouse"))
    for name in (ARCHIVE_KEY_FILE_ENV, ARCHIVE_KEY_ENV, THROWAWAY_KEYS_ENV):
        monkeypatch.delenv(name, raising=False)
    assert archive_cli.main(["list"]) == 0
    assert capsys.readouterr().out == ""
