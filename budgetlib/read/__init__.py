"""Reading a PDF: open it (source), find its tables (locate), read their grids (extract), its
cover (cover) and the figures of its text part (narrative)."""
