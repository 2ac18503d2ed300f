"""A private PulseAudio server acting as a virtual speaker and microphone, for tests that record real audio.

No sound card and no kernel module are needed. The server has a null sink, `vspeaker`
(the default output), and a source `vmic` (the default input) that carries the
sink's monitor: whatever is played to the default output is heard on the default
input. So a test plays a WAV file into the virtual speaker and the code under test
records it through `sounddevice` (PortAudio -> ALSA's `pulse`/`default` device ->
this server):

    with VirtualAudio() as va:
        proc = subprocess.Popen([sys.executable, "-m", "voicesim", ...], env=va.env)
        va.play("answer.wav")

Things that are easy to get wrong, and why this module does them:

* PortAudio reads the device list when `sounddevice` is imported, and ALSA only maps
  `default` to PulseAudio if a server answers at that moment. So the process that
  records must be started after `start()`, with `env` as its environment (in
  practice: a subprocess).
* An idle null sink renders in 2 s blocks; a client that starts recording then gets
  its first data up to 2 s late, and the start of the answer is lost. A loopback from
  the monitor into a second null sink keeps the sink running in 20 ms blocks, and the
  sink is suspended and resumed once at start-up to drop the 2 s block it rendered
  before the loopback existed.
* The server is started under `setpriv --pdeathsig TERM`, so it dies with the process
  (strictly: the thread) that started it, even if that process is SIGKILLed.
* `-n` (no default.pa): the default script would load hardware detection, a socket in
  the shared runtime dir and module-suspend-on-idle. HOME, XDG_RUNTIME_DIR and the
  state path point into the private directory so that nothing is written to the real
  home and two servers can run side by side. Running as root only logs a warning.
* Everything played to the virtual speaker is heard on the virtual microphone,
  including what the program under test speaks itself.

Standard library only: importable without pytest.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BINARIES = ("pulseaudio", "pactl", "paplay", "parecord")
SINK = "vspeaker"
SOURCE = "vmic"
MONITOR = f"{SINK}.monitor"

# Unix socket paths must fit in sockaddr_un.sun_path (108 bytes on Linux).
_MAX_SOCKET_PATH = 100


def available() -> str | None:
    """None if the PulseAudio binaries are installed, else why virtual audio cannot be used."""
    missing = [name for name in BINARIES if shutil.which(name) is None]
    if missing:
        return (f"virtual audio needs {', '.join(missing)} "
                "(Debian: apt-get install pulseaudio pulseaudio-utils; `make install-test` installs them)")
    return None


def _config(socket: Path) -> str:
    return "\n".join([
        f"load-module module-null-sink sink_name={SINK} sink_properties=device.description=voicesim-virtual-speaker",
        f"load-module module-remap-source master={MONITOR} source_name={SOURCE}"
        " source_properties=device.description=voicesim-virtual-microphone",
        # Keep-alive: a low-latency reader of the monitor, so the null sink never idles in 2 s blocks.
        "load-module module-null-sink sink_name=vdrain sink_properties=device.description=voicesim-keepalive",
        f"load-module module-loopback source={MONITOR} sink=vdrain latency_msec=20"
        " source_dont_move=true sink_dont_move=true",
        # The sink rendered its first 2 s block before the loopback asked for 20 ms: restart its clock.
        f"suspend-sink {SINK} 1",
        f"suspend-sink {SINK} 0",
        f"set-default-sink {SINK}",
        f"set-default-source {SOURCE}",
        # Last, so that the socket appears once everything else is in place.
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket}",
        "",
    ])


def _end(proc: subprocess.Popen, timeout: float = 3.0) -> None:
    """Terminate a child and reap it (SIGKILL if it does not go within `timeout`)."""
    if proc.poll() is None:
        try:
            proc.terminate()
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        except ProcessLookupError:
            pass
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


class SpeakerRecording:
    """A `parecord` of the virtual speaker's monitor: everything played, by anyone, while it runs."""

    def __init__(self, proc: subprocess.Popen, path: Path):
        self.proc = proc
        self.path = path

    def stop(self) -> Path:
        """Stop recording (parecord finalises the WAV header on SIGTERM) and return the file."""
        _end(self.proc)
        return self.path

    def __enter__(self) -> "SpeakerRecording":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class VirtualAudio:
    """A private PulseAudio server: default output `vspeaker`, default input `vmic` hearing `vspeaker`."""

    def __init__(self, start_timeout: float = 10.0):
        self.start_timeout = start_timeout
        self.dir: Path | None = None
        self._server: subprocess.Popen | None = None
        self._children: list[subprocess.Popen] = []

    # -- lifecycle
    def start(self) -> "VirtualAudio":
        if self._server is not None:
            raise RuntimeError("VirtualAudio is already started")
        reason = available()
        if reason:
            raise RuntimeError(reason)
        base = None if len(tempfile.gettempdir()) < _MAX_SOCKET_PATH - 30 else "/tmp"
        self.dir = Path(tempfile.mkdtemp(prefix="vaudio-", dir=base))
        atexit.register(self.stop)
        try:
            self._launch()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self) -> None:
        d = self.dir
        (d / "home").mkdir()
        (d / "state").mkdir()
        (d / "client.conf").write_text("autospawn = no\n")
        config = d / "vmic.pa"
        config.write_text(_config(self.socket))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PULSE_") and k not in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
        env.update(HOME=str(d / "home"), XDG_RUNTIME_DIR=str(d), XDG_CONFIG_HOME=str(d / "home" / ".config"),
                   PULSE_RUNTIME_PATH=str(d), PULSE_STATE_PATH=str(d / "state"))
        cmd = ["pulseaudio", "-n", "-F", str(config), "--daemonize=no", "--exit-idle-time=-1",
               "--use-pid-file=no", "--disable-shm=yes", "--realtime=no", "--high-priority=no",
               "--log-target=stderr"]
        if sys.platform.startswith("linux") and shutil.which("setpriv"):
            # The server dies with the process that started it, even on SIGKILL: no stray servers.
            cmd = ["setpriv", "--pdeathsig", "TERM", *cmd]
        with open(self.log_path, "wb") as log:
            self._server = subprocess.Popen(cmd, env=env, cwd=d, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while True:
            if self._server.poll() is not None:
                raise RuntimeError(f"pulseaudio exited with status {self._server.returncode}:\n{self.log_tail()}")
            if self.socket.exists():
                try:
                    if self.pactl("info", check=False, timeout=5).returncode == 0:
                        self._check_setup()
                        return
                except subprocess.TimeoutExpired:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"pulseaudio did not answer within {self.start_timeout:g} s:\n{self.log_tail()}")
            time.sleep(0.02)

    def _check_setup(self) -> None:
        """pulseaudio logs a failing line of its -F script and carries on (even after .fail): check the result."""
        config = (self.dir / "vmic.pa").read_text()
        wanted = config.count("load-module ")
        loaded = len(self.pactl("list", "short", "modules").stdout.splitlines())
        info = self.pactl("info").stdout
        if loaded != wanted or f"Default Sink: {SINK}\n" not in info or f"Default Source: {SOURCE}\n" not in info:
            raise RuntimeError(f"pulseaudio started but {loaded} of {wanted} modules loaded "
                               f"or the default devices are wrong:\n{info}\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop players, recorders and the server, and remove the private directory. Idempotent."""
        atexit.unregister(self.stop)
        for child in self._children:
            _end(child)
        self._children.clear()
        if self._server is not None:
            _end(self._server, timeout=5.0)
            self._server = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "VirtualAudio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- what clients need
    @property
    def socket(self) -> Path:
        return self._require_dir() / "native"

    @property
    def server(self) -> str:
        """The PULSE_SERVER address."""
        return f"unix:{self.socket}"

    @property
    def log_path(self) -> Path:
        return self._require_dir() / "pulseaudio.log"

    @property
    def env(self) -> dict[str, str]:
        """os.environ for a client of this server. PULSE_SERVER is what matters; the cookie and client.conf
        keep libpulse from writing to or reading the real home; PULSE_SINK/PULSE_SOURCE would override
        the defaults, so they are dropped."""
        d = self._require_dir()
        env = {k: v for k, v in os.environ.items() if k not in ("PULSE_SINK", "PULSE_SOURCE")}
        env.update(PULSE_SERVER=self.server, PULSE_COOKIE=str(d / "cookie"),
                   PULSE_CLIENTCONFIG=str(d / "client.conf"))
        return env

    # -- tools
    def pactl(self, *args: str, check: bool = True, timeout: float = 10) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True,
                              check=check, timeout=timeout)

    def play(self, path: str | os.PathLike, wait: bool = True, timeout: float = 120) -> subprocess.Popen | None:
        """Play a WAV file into the virtual speaker (and so into the virtual microphone).
        With wait=False returns the running paplay; stop() ends it if the test does not."""
        proc = subprocess.Popen(["paplay", f"--device={SINK}", str(path)], env=self.env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not wait:
            self._children.append(proc)
            return proc
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(proc)
            raise
        if proc.returncode:
            raise RuntimeError(f"paplay {path} failed ({proc.returncode}): {err.decode(errors='replace').strip()}")
        return None

    def record_speaker(self, path: str | os.PathLike, rate: int = 16000, channels: int = 1,
                       timeout: float = 5.0) -> SpeakerRecording:
        """Record everything played to the virtual speaker into a WAV file until the handle is stopped.
        Returns once parecord's stream is connected, so nothing played afterwards is missed."""
        path = Path(path)
        proc = subprocess.Popen(
            ["parecord", f"--device={MONITOR}", "--file-format=wav", f"--rate={rate}",
             f"--channels={channels}", "--format=s16le", "--latency-msec=20", str(path)],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._children.append(proc)
        deadline = time.monotonic() + timeout
        while not self._has_source_output(proc.pid):
            if proc.poll() is not None:
                raise RuntimeError(f"parecord failed ({proc.returncode}): "
                                   f"{proc.stderr.read().decode(errors='replace').strip()}")
            if time.monotonic() > deadline:
                _end(proc)
                raise RuntimeError(f"parecord did not connect within {timeout:g} s")
            time.sleep(0.01)
        return SpeakerRecording(proc, path)

    def _has_source_output(self, pid: int) -> bool:
        out = self.pactl("list", "source-outputs", check=False).stdout
        return re.search(rf'application\.process\.id = "{pid}"', out) is not None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError as exc:
            return f"(no log: {exc})"

    def _require_dir(self) -> Path:
        if self.dir is None:
            raise RuntimeError("VirtualAudio is not started")
        return self.dir
