"""`voicesim report`: one self-contained HTML file for a session."""

from __future__ import annotations

import click  # noqa: F401

from voicesim.cli.app import cli  # noqa: F401
