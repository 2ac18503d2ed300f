"""Managing kept sessions: `voicesim rescore`, `voicesim export`, `voicesim delete`."""

from __future__ import annotations

import click  # noqa: F401

from voicesim.cli.app import cli  # noqa: F401
