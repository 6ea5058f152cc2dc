"""ledgerctl: back office for small businesses from the command line."""

__version__ = "0.1.0"
