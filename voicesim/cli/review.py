"""`voicesim review`: an answer's transcript as it was heard, marked up; --play plays it."""

from __future__ import annotations

import click  # noqa: F401

from voicesim.cli.app import cli  # noqa: F401
