"""The command line: ``python cli.py COMMAND`` (a click group, one module per area)."""
