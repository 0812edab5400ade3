"""budgetlib: Chinese government departmental budget PDFs → tidy, validated pandas data."""
from .budget import Budget, read_budget
from .cache import load
from .corpus import corpus
from .errors import BudgetInputError, PasswordRequired

__all__ = ["Budget", "read_budget", "load", "corpus", "BudgetInputError", "PasswordRequired"]
__version__ = "0.1.0"
