"""Errors that reach the user as one clear line (the command line prints ``str(error)``)."""


class BudgetInputError(Exception):
    """The document cannot be read as a budget PDF: not a PDF, damaged, encrypted, no text."""


class PasswordRequired(BudgetInputError):
    """The PDF is encrypted with a non-empty user password."""


class OutputError(Exception):
    """The outputs cannot be written (a read-only or full disk, a locked database)."""


class TimeLimit(BudgetInputError):
    """Reading the document took longer than the settings allow."""
