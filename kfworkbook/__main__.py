"""``python -m kfworkbook`` runs the command line."""

from kfworkbook.cli import main

main()
