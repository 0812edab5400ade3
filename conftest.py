"""Loaded for every test, notebooks included."""
import os
import tempfile

# Tests never share the user's extraction cache: each run starts cold and leaves nothing behind.
os.environ.setdefault("BUDGETLIB_CACHE", tempfile.mkdtemp(prefix="budgetlib-test-cache-"))

# Build matplotlib's font cache here, once, so no notebook kernel prints
# "Matplotlib is building the font cache" on a fresh machine (nbval compares stderr).
import matplotlib.font_manager  # noqa: E402,F401
