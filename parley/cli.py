"""The command line: `build` (default) and `check`; maps content errors to exit code 1."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .content import BuildOptions
from .errors import BuildFailed, format_error, format_github
from .pipeline import build, check

COMMANDS = ("build", "check")
# Parley's own layouts, used when the project folder has none of its own.
DEFAULT_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Parley briefing archive.")
    commands = parser.add_subparsers(dest="command")
    for name, text in (("build", "check the content and build the site (the default)"),
                       ("check", "check the content only; exit 1 if there are errors")):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--root", type=Path, default=Path("."), help="project folder holding content/ (default: .)")
        command.add_argument("--layouts", type=Path, help="layouts folder (default: ROOT/layouts, else Parley's own)")
        command.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
        command.add_argument("--future", action="store_true", help="include entries dated in the future")
        command.add_argument("--format", choices=("text", "github"), default="text",
                             help="how to print errors: text, or GitHub Actions annotations")
        if name == "build":
            command.add_argument("--output", type=Path, help="output folder (default: ROOT/site)")
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv = ["build", *argv]
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    # The only clock read in Parley: it decides which entries are still in the future.
    options = BuildOptions(now=dt.datetime.now(dt.timezone.utc), include_drafts=args.drafts,
                           include_future=args.future)
    root = args.root
    try:
        if args.command == "check":
            archive, _ = check(root, options)
            print(f"ok: {plural(len(archive.entries), 'entry', 'entries')}{describe_left_out(archive.left_out)}")
            return 0
        layouts = args.layouts or (root / "layouts" if (root / "layouts").is_dir() else DEFAULT_LAYOUTS)
        report = build(root, layouts, args.output or root / "site", options)
    except BuildFailed as failure:
        formatter = format_github if args.format == "github" else format_error
        for error in failure.errors:
            print(formatter(error), file=sys.stderr)
        print(f"{len(failure.errors)} error(s); nothing was written", file=sys.stderr)
        return 1
    print(f"built {plural(report.entries, 'entry', 'entries')} into {args.output or root / 'site'} ({report.files} files)"
          f"{describe_left_out(report.left_out)}")
    return 0


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe_left_out(left_out) -> str:
    parts = [f"{count} {kind}" for kind, count in left_out.items() if count]
    return f"; left out: {', '.join(parts)} (use --drafts / --future to include them)" if parts else ""
