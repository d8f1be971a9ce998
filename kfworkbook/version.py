"""The kfworkbook version (the templates record it; the Lite code and ``--version`` show it)."""

__version__ = "0.1.0"
