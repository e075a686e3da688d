"""The ``contact-topics`` command line: one module per command group; argparse lives only here."""

from __future__ import annotations

from pipelines.cli.main import main

__all__ = ["main"]
