"""The source documents' printed logs, copied verbatim beside this file.

``seed000-manual.txt`` (101 lines), ``seed000-module.txt`` (11 lines) and
``seed003-nobias.txt`` (11 lines) are the pages' own outputs. ``extract_from_seeds`` re-reads
them from the raw pages (``shared/seeds/*.txt``) so a test can check the copies when the
pages are present; the copies keep the tests self-contained when they are not.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["GOLDEN", "golden_log", "extract_from_seeds"]

_HERE = Path(__file__).parent

# scenario name -> (seed page, predicate selecting the page's log lines)
GOLDEN = {
    "seed000-manual": (
        "000_12e82eed11f4f9e3.txt", lambda s: s.startswith("Epoch ") and "/100," in s
    ),
    "seed000-module": (
        "000_12e82eed11f4f9e3.txt", lambda s: s.startswith("Epoch ") and "/1000 W" in s
    ),
    "seed003-nobias": (
        "003_e191fe3c4a0fc7f8.txt", lambda s: s.startswith("EPOCH ")
    ),
}


def golden_log(scenario: str) -> list[str] | None:
    """The page's printed lines for ``scenario`` (None if the page printed no usable log)."""
    path = _HERE / f"{scenario}.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else None


def extract_from_seeds(scenario: str, seeds_dir: str | Path) -> list[str]:
    """Parse ``scenario``'s log lines out of the raw page in ``seeds_dir``."""
    page, keep = GOLDEN[scenario]
    text = (Path(seeds_dir) / page).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if keep(line)]
