"""voicesim: an offline, voice-based mock-interview simulator.

The package is a library first: `voicesim.cli` is a thin click layer over it.
Heavy modules (faster_whisper, sounddevice, pyttsx3) are imported lazily so that
`voicesim --help` stays instant.
"""

__version__ = "0.1.0"
