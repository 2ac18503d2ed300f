"""One hierarchy for every error a user can meet.

The CLI catches `VoicesimError` in one place and prints `Error: <message>`;
anything else is a bug and shows a traceback only with --debug.
"""

from __future__ import annotations


class VoicesimError(Exception):
    """A user-facing error: its message is one line that says what to do."""

    exit_code = 1


class BankError(VoicesimError):
    """A question bank could not be found or is invalid."""


class AudioFileError(VoicesimError):
    """An audio file is missing, empty, corrupt or in an unsupported format."""


class ModelError(VoicesimError):
    """The Whisper model could not be found, verified or loaded."""


class DeviceError(VoicesimError):
    """No usable microphone or speaker, or the device failed mid-stream."""


class SpeakerError(VoicesimError):
    """Text to speech is unavailable or failed."""


class StoreError(VoicesimError):
    """The history database cannot be opened, is locked, damaged or from a newer voicesim, or has no such session."""


class GuideError(VoicesimError):
    """An interview guide could not be read, is not text, or holds no question."""
