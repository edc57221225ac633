"""The command line: `build` (default), `check`, `serve`, `new` and `ingest`; a thin argparse dispatcher.

Maps content errors and refused input to exit code 1; the work is done in the modules it calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .read.content import BuildOptions
from .errors import BuildFailed, format_error, format_github
from .editor.ingest import ingest_article
from .pipeline import build, check, clean
from .render.pages import BUNDLED_LAYOUTS
from .progress import QUIET, Progress, TerminalProgress
from .editor.scaffold import EntryRefused, finish_note, load_registries, plan_entry, write_entry

COMMANDS = ("build", "check", "serve", "new", "ingest", "clean")
# Parley's own layouts, used when the project folder has none of its own.
DEFAULT_LAYOUTS = BUNDLED_LAYOUTS
DEFAULT_PORT = 8000


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Parley briefing archive.")
    commands = parser.add_subparsers(dest="command")
    for name, text in (("build", "check the content and build the site (the default)"),
                       ("check", "check the content only; exit 1 if there are errors"),
                       ("serve", "preview the site at http://127.0.0.1:PORT/, rebuilt on every change")):
        command = add_command(commands, name, text)
        command.add_argument("--layouts", type=Path, help="layouts folder (default: ROOT/layouts, else Parley's own)")
        command.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
        command.add_argument("--future", action="store_true", help="include entries dated in the future")
        if name != "serve":
            command.add_argument("--format", choices=("text", "github"), default="text",
                                 help="how to print errors: text, or GitHub Actions annotations")
            command.add_argument("--strict", action="store_true",
                                 help="treat warnings (e.g. a briefing dated far from its round) as errors")
        if name == "build":
            command.add_argument("--output", type=Path, help="output folder (default: ROOT/site)")
            command.add_argument("--no-cache", action="store_true",
                                 help="ignore and leave alone ROOT/.cache (a cold build; the output is the same)")
            command.add_argument("--quiet", action="store_true",
                                 help="print nothing but errors: no progress line, no summary of the stages")
        if name == "serve":
            command.add_argument("--port", type=int, default=DEFAULT_PORT,
                                 help=f"port on 127.0.0.1 (default: {DEFAULT_PORT}; 0 picks a free one)")
            command.add_argument("--search", action="store_true",
                                 help="rebuild the search index on every change (by default it is built once)")
    add_new_command(commands)
    clean_command = add_command(commands, "clean", "delete the site Parley built and its build cache (nothing else)")
    clean_command.add_argument("--output", type=Path, help="the output folder to delete (default: ROOT/site)")
    clean_command.add_argument("--layouts", type=Path, help=argparse.SUPPRESS)
    ingest = add_command(commands, "ingest", "draft a briefing (draft: true) from the text of a news article")
    ingest.add_argument("article", type=Path, help="a UTF-8 text file holding the article")
    ingest.add_argument("--date", type=parse_date_argument,
                        help="reference date YYYY-MM-DD for weekday-only phrases such as 'on Tuesday'")
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv = ["build", *argv]
    return parser.parse_args(argv)


def add_command(commands, name: str, text: str) -> argparse.ArgumentParser:
    """A subcommand with the --root option every command shares."""
    command = commands.add_parser(name, help=text, description=text)
    command.add_argument("--root", type=Path, default=Path("."), help="project folder holding content/ (default: .)")
    return command


def add_new_command(commands) -> None:
    new = add_command(commands, "new", "write a new draft briefing (draft: true) under content/briefings/ and print its path")
    new.add_argument("title", help="the headline, in the archive's own words")
    new.add_argument("--actor", action="append", default=[], metavar="NAME",
                     help="who acts or speaks: an id, name or alias from actors.yaml (repeat for each)")
    new.add_argument("--source", action="append", default=[], metavar="OUTLET",
                     help="an outlet the briefing summarises (required; repeat for each)")
    new.add_argument("--round", type=int, metavar="N", help="round number, as listed in rounds.yaml")
    new.add_argument("--date", type=parse_date_argument, help="YYYY-MM-DD (default: today in the archive's time zone)")
    new.add_argument("--summary", help="one sentence for a reader in a hurry (default: a TODO placeholder)")
    new.add_argument("--location", help="where the events happened, e.g. Paris")


def parse_date_argument(text: str) -> dt.date:
    """An argparse type: YYYY-MM-DD -> date, with the format in the message when it is not one."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date — write it as YYYY-MM-DD, e.g. 2026-01-06") from None


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    # Parley reads the clock only in this module: it decides which entries are in the future and what
    # "today" is for `new` and `ingest`; `serve` reads it again for each rebuild.
    now = dt.datetime.now(dt.timezone.utc)
    try:
        return run_command(args, now)
    except BuildFailed as failure:
        print_problems(failure.errors, args)
        warnings = len(failure.errors) - failure.error_count
        print(f"{failure.error_count} error(s){f', {warnings} warning(s)' if warnings else ''}; nothing was written",
              file=sys.stderr)
        return 1
    except EntryRefused as refusal:
        for problem in refusal.problems:
            print(f"{args.command}: {problem}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1


def run_command(args: argparse.Namespace, now: dt.datetime) -> int:
    """Dispatch to the module that owns the command."""
    root = args.root
    if args.command == "new":
        registries = load_registries(root)
        entry = plan_entry(registries, args.title, args.actor, args.source, now=now, date=args.date,
                           round_no=args.round, summary=args.summary, location=args.location)
        print(write_entry(root, registries, entry))  # only the path on stdout, e.g. for $EDITOR "$(… new …)"
        print(finish_note(entry), file=sys.stderr)
        return 0
    if args.command == "ingest":
        return ingest_article(root, args.article, reference=args.date, now=now)
    layouts = args.layouts or (root / "layouts" if (root / "layouts").is_dir() else DEFAULT_LAYOUTS)
    if args.command == "clean":
        clean(root, layouts, root / "site" if args.output is None else args.output)
        print(f"removed {root / 'site' if args.output is None else args.output} and the build cache")
        return 0
    options = build_options(args, now)
    if args.command == "serve":
        from .editor.serve import serve  # imported here: only serving needs watchfiles
        # Each rebuild reads the clock again, so an entry dated today appears once its day comes.
        return serve(root, layouts, args.port, lambda: build_options(args, dt.datetime.now(dt.timezone.utc)),
                     refresh_search=args.search)
    if args.command == "check":
        archive, _, warnings = check(root, options, layouts_dir=layouts)
        print_problems(warnings, args)
        print(f"ok: {plural(len(archive.entries), 'entry', 'entries')}{describe_left_out(archive.left_out)}"
              f"{describe_warnings(warnings)}")
        return 0
    # `--output ''` is the current folder, never the default: it is checked (and refused) as given.
    output = root / "site" if args.output is None else args.output
    progress = make_progress(args.quiet)
    try:
        report = build(root, layouts, output, options, use_cache=not args.no_cache, progress=progress)
    except BaseException:
        progress.finish(summary=False)  # erase the progress line before the errors are printed
        raise
    progress.finish(f"built {plural(report.entries, 'entry', 'entries')} into {output} ({report.files} files, "
                    f"{describe_reuse(report.reused, report.files)}){describe_left_out(report.left_out)}"
                    f"{describe_warnings(report.warnings)}")
    print_problems(report.warnings, args)  # after the progress line is erased, so they never land on it
    return 0


def make_progress(quiet: bool) -> Progress:
    """Nothing with --quiet; else a summary on stdout, and a live line on stderr if a person watches it.

    CI logs and pipes get no live line: a line rewritten in place is noise in a file. The clock is
    read here and in the reporter only, never inside a stage.
    """
    if quiet:
        return QUIET
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return TerminalProgress(sys.stderr, sys.stdout, live=sys.stderr.isatty() and not in_ci)


def build_options(args: argparse.Namespace, now: dt.datetime) -> BuildOptions:
    return BuildOptions(now=now, include_drafts=args.drafts, include_future=args.future,
                        strict=getattr(args, "strict", False))


def print_problems(problems, args: argparse.Namespace) -> None:
    """Errors and warnings -> stderr, one line each, as text or as GitHub annotations (--format github)."""
    formatter = format_github if getattr(args, "format", "text") == "github" else format_error
    for problem in problems:
        print(formatter(problem), file=sys.stderr)


def describe_warnings(warnings) -> str:
    return f"; {plural(len(warnings), 'warning', 'warnings')} (--strict makes them errors)" if warnings else ""


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe_reuse(reused: int, files: int) -> str:
    """Whether the build was incremental and how much it reused: the deploy's log shows it."""
    if reused == 0:
        return "a full build"
    if reused >= files:
        return "incremental: nothing changed, every file kept"
    return f"incremental: {reused} reused from the last build"


def describe_left_out(left_out) -> str:
    parts = [f"{count} {kind}" for kind, count in left_out.items() if count]
    return f"; left out: {', '.join(parts)} (use --drafts / --future to include them)" if parts else ""
