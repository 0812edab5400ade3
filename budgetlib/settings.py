"""Every threshold the library applies, in one frozen, validated record.

``read_budget`` takes a ``Settings`` and hands it down to the stages that need it; its
``fingerprint`` joins the code fingerprint in the cache key, so a result extracted under other
settings is never served.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Settings:
    # -- reading the text layer ----------------------------------------------------------------
    contents_window: int = 200  # characters at a page's top that may say 目录 (a table of contents)
    contents_pages: int = 5  # the first pages searched for a table of contents
    cover_window: int = 400  # characters of the first page read as the cover (unit, year, kind)
    cover_year_window: int = 300  # cover characters searched for years beside the table titles
    title_max_chars: int = 60  # a longer line is a sentence, not a table title
    # -- tidying a grid --------------------------------------------------------------------------
    column_overlap: float = 0.5  # share of the narrower column a continuation column must overlap
    amount_column_share: float = 0.6  # share of a column's cells that are numbers to make it an amount column
    measure_depth: int = 6  # header levels tried to tell repeated leaf headers apart
    # -- the text part --------------------------------------------------------------------------
    reasons_window: int = 600  # characters after 主要原因 read as the list of reasons
    text_part_sentences: int = 3  # fewer sentences stating an amount: the document has no text part
    statement_window: int = 60  # characters after a subject (收入, “三公”经费 …) searched for its amount and change
    # -- checks ---------------------------------------------------------------------------------
    percent_precision: str = "0.01"  # a computed share is shown to this precision (judged at the claim's)
    evidence_chars: int = 200  # evidence kept for a statement finding
    label_chars: int = 60  # a statement finding's name
    # -- limits ---------------------------------------------------------------------------------
    max_pages: int | None = None  # refuse documents with more pages (the CLI sets 500)
    max_file_mb: int = 200  # refuse larger files before reading them
    max_stream_mb: int = 64  # a content stream that inflates past this is damage or a zip bomb: not read
    max_cells_per_page: int = 20_000  # refuse a page whose grids hold more cells
    page_seconds: int = 120  # refuse a document when one page takes longer to read
    document_seconds: int = 1800  # refuse a document when reading it takes longer
    progress_pages: int = 100  # show progress on stderr for documents with at least this many pages

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "max_pages":
                if value is not None and (not isinstance(value, int) or value < 1):
                    raise ValueError(f"max_pages must be a positive whole number or None, not {value!r}")
            elif f.name in ("column_overlap", "amount_column_share"):
                if not 0 < value <= 1:
                    raise ValueError(f"{f.name} must lie in (0, 1], not {value!r}")
            elif f.name == "percent_precision":
                if value not in ("1", "0.1", "0.01", "0.001"):
                    raise ValueError(f"percent_precision must be 1, 0.1, 0.01 or 0.001, not {value!r}")
            elif not isinstance(value, int) or value < 1:
                raise ValueError(f"{f.name} must be a positive whole number, not {value!r}")

    def fingerprint(self) -> str:
        """A short hash of every setting that shapes a result (the limits only refuse)."""
        shaping = {k: v for k, v in asdict(self).items() if k not in LIMITS}
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:12]


LIMITS = ("max_pages", "max_file_mb", "max_stream_mb", "max_cells_per_page", "page_seconds", "document_seconds",
          "progress_pages")
DEFAULT = Settings()
