"""Check the roadmap data alone, without building the site: ``python -m roadmap check``.

Exit status 0 when the data is valid (warnings allowed), 1 when there is any error.
``--format github`` prints GitHub Actions annotations, shown on the changed line of a pull request.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .model import DATA_FILE, check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("check", help="validate data/objectives.yml")
    cmd.add_argument("path", nargs="?", type=Path, default=DATA_FILE)
    cmd.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    roadmap, problems = check(args.path)
    for problem in problems:
        print(problem.github_annotation() if args.format == "github" else problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    elapsed = time.perf_counter() - started
    if roadmap is None:
        print(f"✗ {args.path}: {errors} error(s), {warnings} warning(s). Fix the lines above.", file=sys.stderr)
        return 1
    print(f"✓ {args.path}: {len(roadmap.objectives)} objectives, {len(roadmap.countries)} countries, "
          f"{len(roadmap.actors)} actors; {warnings} warning(s); checked in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
