"""Parley's command line: `python build.py [build|check] …` (see `python build.py --help`)."""

from parley.cli import main

raise SystemExit(main())
