"""Grids → tidy facts: stitch the pages of a table, understand its columns, emit its facts."""
from .facts import table_facts, unit_names
from .table import read_table, with_document_unit

__all__ = ["read_table", "table_facts", "unit_names", "with_document_unit"]
