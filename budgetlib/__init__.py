"""budgetlib: Chinese government departmental budget PDFs → tidy, validated pandas data."""
from .cache import load
from .model import Budget
from .corpus import corpus
from .errors import BudgetInputError, PasswordRequired
from .pipeline import read_budget
from .settings import Settings

__all__ = ["Budget", "read_budget", "load", "corpus", "Settings", "BudgetInputError", "PasswordRequired"]
__version__ = "0.1.0"
