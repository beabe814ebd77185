"""Check the roadmap data alone, without building the site: ``python -m roadmap check``.

Exit status 0 when the data is valid (warnings allowed), 1 when there is any error.
``--format github`` prints GitHub Actions annotations, shown on the changed line of a pull request,
in Spanish and English; the terminal gets the contributor's language: ``--lang es|en``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``es…`` is Spanish, anything else English).
The check also lists stale and missing translations (:mod:`roadmap.translations`);
``python -m roadmap translations [--file NAME …] [--all]`` records what is translated now
(:mod:`roadmap.translation_update`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import repo_files, schema_check, translation_update, translations
from .messages import message, terminal_language
from .model import check
from .problems import DataError
from .project import DATA_FILE, EXPORT_SCHEMA_FILE, LANGS, SCHEMA_FILE, display_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("check", help="validate data/objectives.yml")
    cmd.add_argument("path", nargs="?", type=Path, default=DATA_FILE)
    cmd.add_argument("--format", choices=("text", "github"), default="text")
    cmd.add_argument("--lang", choices=LANGS, help="the messages' language (default: from the locale, LANG)")
    record = sub.add_parser("translations", help="record the pages and data texts translated now (data/translations/)")
    record.add_argument("path", nargs="?", type=Path, default=DATA_FILE)
    record.add_argument("--file", action="append", default=[], metavar="NAME",
                        help="record only this page, data line (data/objectives.yml:LINE), entry id or text key")
    record.add_argument("--all", action="store_true", help="record everything, stale translations included")
    record.add_argument("--lang", choices=LANGS, help="the messages' language (default: from the locale, LANG)")
    args = parser.parse_args(argv)

    lang = args.lang or terminal_language()
    if args.command == "translations":
        return record_translations(args.path, [n for name in args.file for n in name.split()], args.all, lang)
    started = time.perf_counter()
    # only the repository's own regular files (roadmap/repo_files.py), before anything is read
    refused = repo_files.refused(args.path.absolute().parent.parent)
    if not refused and os.path.lexists(args.path) and not repo_files.is_regular_file(args.path):
        refused = repo_files.refused(args.path.absolute().parent, [args.path.name])  # named outside data/
    if refused:
        for name, reason in refused:
            print(repo_files.annotation(name, reason) if args.format == "github" else repo_files.line(name, reason, lang))
        print(message("check_summary_failed", file=args.path, errors=len(refused), warnings=0).get(lang), file=sys.stderr)
        return 1
    # the schemas a pull request may have changed, before the data is read against them
    schemas = [problem for path in (SCHEMA_FILE, EXPORT_SCHEMA_FILE)
               for problem in schema_check.problems(path, display_path(path))]
    if schemas:
        for problem in schemas:
            print(problem.github_annotation() if args.format == "github" else problem.text(lang))
        print(message("check_summary_failed", file=args.path, errors=len(schemas), warnings=0).get(lang), file=sys.stderr)
        return 1
    roadmap, problems = check(args.path)
    found = None
    docs_dir, _, _ = _translation_files(args.path)
    problems = problems + translations.unreadable_pages(docs_dir, docs_dir.parent)  # a page not in UTF-8
    if roadmap is not None:
        try:
            found = translations.report(*_translation_files(args.path))
            problems = problems + translations.problems(found)
        except DataError as exc:  # the check read the file; said here too rather than raised
            problems = problems + exc.problems
    for problem in problems:
        print(problem.github_annotation() if args.format == "github" else problem.text(lang))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    elapsed = time.perf_counter() - started
    if roadmap is None or errors:
        print(message("check_summary_failed", file=display_path(args.path), errors=errors, warnings=warnings).get(lang), file=sys.stderr)
        return 1
    if found is not None and found.unrecorded:
        print(message("check_unrecorded_translations", count=found.unrecorded).get(lang), file=sys.stderr)
    print(message("check_summary_ok", file=display_path(args.path), objectives=len(roadmap.objectives), countries=len(roadmap.countries),
                  actors=len(roadmap.actors), warnings=warnings, seconds=f"{elapsed:.2f}").get(lang), file=sys.stderr)
    return 0


def _translation_files(data_file: Path) -> tuple[Path, Path, Path]:
    """docs/, the data file and data/translations/ of the project that holds ``data_file``."""
    folder = data_file.absolute().parent  # not resolve(): a link would lead out of the project
    return folder.parent / "docs", data_file, folder / translations.RECORD_DIR.name


def record_translations(data_file: Path, select: list[str], everything: bool, lang: str) -> int:
    docs_dir, data_file, record_dir = _translation_files(data_file)
    try:
        done = translation_update.record(docs_dir, data_file, record_dir, select, everything)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except translation_update.UnknownSelection as exc:
        print(message("translations_unknown", name=exc.name).get(lang), file=sys.stderr)
        return 1
    def say(key: str, **values: object) -> None:
        print(message(key, **values).get(lang), file=sys.stderr)

    if done.migrated:
        say("translations_migrated", count=done.migrated, folder=f"{record_dir.parent.name}/{record_dir.name}")
    def shown(keys: tuple[str, ...]) -> str:
        return ", ".join(key.removeprefix("page:") for key in keys[:8]) + (", …" if len(keys) > 8 else "") or "-"

    say("translations_recorded", count=len(done.recorded), keys=shown(done.recorded))
    if done.one_language:
        say("translations_one_language", count=len(done.one_language), keys=shown(done.one_language))
    if done.removed:
        say("translations_removed", count=len(done.removed))
    if done.stale:
        say("translations_left_stale", count=len(done.stale), example=f"{done.stale[0].file}:{done.stale[0].line}")
        for entry in done.stale:
            print(f"  {entry.file}:{entry.line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
