"""`voicesim progress`: trends over sessions, in the terminal and as a chart file."""

from __future__ import annotations

import click  # noqa: F401

from voicesim.cli.app import cli  # noqa: F401
