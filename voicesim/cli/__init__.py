"""The command line: parses arguments, calls the library, renders. The only package that writes to the terminal.

`app` holds the click group; each module beside it registers one family of commands.
`main` is the one place errors are reported: one `Error:` line, a traceback only with --debug.
"""

from __future__ import annotations

import sys

import click

from voicesim.errors import VoicesimError


def _register_commands() -> None:
    # Each import registers its commands on the group; they import click only, so --help stays instant.
    from voicesim.cli import (  # noqa: F401
        audio, banks, history, import_sessions, practice, progress, questions, report, review, sessions, transcription,
        voices,
    )


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    from voicesim.runtime import tune_allocator

    tune_allocator()  # before the threads start: each would get an arena of its own
    _register_commands()
    from voicesim.cli.app import cli

    try:
        code = cli.main(prog_name="voicesim", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except VoicesimError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: one line unless --debug
        if debug:
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        sys.exit(1)
