"""Transcripts: words with times and voice activity (model.py), and the Whisper engine that makes them (whisper.py)."""

from voicesim.transcript.model import Acoustics, RecognitionSettings, Span, Transcript, Word

__all__ = ["Acoustics", "RecognitionSettings", "Span", "Transcript", "Word"]
