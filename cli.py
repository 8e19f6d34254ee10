#!/usr/bin/env python
"""The cctv_planner command line: ``python cli.py --help``."""

from cctv_planner.commands.main import cli

if __name__ == "__main__":
    cli()
