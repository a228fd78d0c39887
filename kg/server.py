"""Local Neo4j Community 5.26 server: install from Maven Central, start, stop, status."""

from __future__ import annotations

import argparse
import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kg.errors import ServerError

__all__ = [
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "NEO4J_BROWSER_VERSION",
    "NEO4J_USER",
    "NEO4J_VERSION",
    "MemorySettings",
    "ServerInfo",
    "ServerStatus",
    "admin_command",
    "ca_file",
    "cache_dir",
    "free_ports",
    "home_dir",
    "install",
    "local_credentials",
    "main",
    "memory_settings",
    "password_file",
    "start",
    "status",
    "stop",
]

NEO4J_VERSION = "5.26.30"
"""Newest 5.26.x (LTS) of org.neo4j:neo4j and org.neo4j.app:neo4j-server on Maven Central."""
NEO4J_BROWSER_VERSION = "5.24.0"
"""Newest 5.x of org.neo4j.client:neo4j-browser on Maven Central."""
NEO4J_USER = "neo4j"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474

_MIB = 2**20
_GIB = 2**30
_DEFAULT_PASSWORD = "neo4j"  # Neo4j's initial password, expired until changed
_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
_ADMIN_TOOL = "org.neo4j.cli.AdminTool"
_HOST = "127.0.0.1"
# What the distribution's bin/neo4j passes by default (from server.jvm.additional), but
# for the collector; the heap options come first, from memory_settings(). The parallel
# collector instead of G1: batched loads of 100,000 relationships took about 12% less
# server CPU and wall time with it (scripts/bench_load's data, same machine, one run);
# its longer pauses do not matter on a development server.
_JVM_OPTIONS = (
    "-XX:+UseParallelGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
# Jars that must be in lib/ after install (the Browser jar is checked by prefix).
_REQUIRED_JARS = (
    f"neo4j-{NEO4J_VERSION}.jar",
    f"neo4j-server-{NEO4J_VERSION}.jar",
    f"neo4j-command-line-{NEO4J_VERSION}.jar",
    f"neo4j-import-tool-{NEO4J_VERSION}.jar",
    f"neo4j-browser-{NEO4J_BROWSER_VERSION}.jar",
)
_INSTALL_MARKER = ".kg-installed"
_PASSWORD_MARKER = ".kg-password-set"
# Runs between us and the JVM so that the JVM is not our child (no zombie, no ResourceWarning):
# it starts Java in its own session with output to the log file and prints its pid.
_LAUNCHER = (
    "import subprocess, sys\n"
    "log = open(sys.argv[1], 'ab')\n"
    "p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log,\n"
    "                     stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)\n"
    "print(p.pid)\n"
)


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """How to reach the running local server; the password stays out of repr."""

    uri: str
    http_url: str
    browser_url: str
    user: str
    password: str = field(repr=False)
    pid: int
    ca_file: str | None = None
    """With TLS: the CA that signed the server's certificate (trust it for ``bolt+s``)."""


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """Whether the local server is installed and running, and where it answers."""

    running: bool
    pid: int | None
    uri: str
    browser_url: str
    installed: bool
    version: str
    tls: bool = False


# --------------------------------------------------------------------------- paths and settings


def free_ports(count: int) -> list[int]:
    """``count`` TCP ports on 127.0.0.1 that are free right now (for servers of tests
    and benchmarks)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


_LOCATION = ("KG_CACHE_DIR", "KG_NEO4J_BOLT_PORT", "KG_NEO4J_HTTP_PORT", "KG_NEO4J_TLS")


@contextlib.contextmanager
def own_location(cache: Path) -> Iterator[None]:
    """For the duration, the functions of this module act on a server of ``cache``
    (``KG_CACHE_DIR``) on two free ports, without TLS; the environment is restored
    afterwards. For the servers of tests and benchmarks."""
    saved = {name: os.environ.get(name) for name in _LOCATION}
    bolt, http = free_ports(2)
    os.environ.update(
        KG_CACHE_DIR=str(cache), KG_NEO4J_BOLT_PORT=str(bolt), KG_NEO4J_HTTP_PORT=str(http)
    )
    os.environ.pop("KG_NEO4J_TLS", None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def cache_dir() -> Path:
    """``$KG_CACHE_DIR`` or ``~/.cache/kg``: holds the Neo4j home and the password file."""
    env = os.environ.get("KG_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "kg"


def home_dir() -> Path:
    """The Neo4j home of the pinned version: ``cache_dir()/neo4j-<version>``."""
    return cache_dir() / f"neo4j-{NEO4J_VERSION}"


def password_file() -> Path:
    """Where the generated password of user ``neo4j`` is kept (mode 0600)."""
    return cache_dir() / "neo4j-password"


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ServerError(f"{name}={raw!r} is not a TCP port number (1-65535)")
    return int(raw)


def _env_ports() -> tuple[int, int]:
    bolt = _port("KG_NEO4J_BOLT_PORT", DEFAULT_BOLT_PORT)
    http = _port("KG_NEO4J_HTTP_PORT", DEFAULT_HTTP_PORT)
    if bolt == http:
        raise ServerError(f"KG_NEO4J_BOLT_PORT and KG_NEO4J_HTTP_PORT are both {bolt}")
    return bolt, http


def _conf_file(home: Path) -> Path:
    return home / "conf" / "neo4j.conf"


def _pid_file(home: Path) -> Path:
    return home / "run" / "kg-neo4j.pid"


def _console_log(home: Path) -> Path:
    return home / "logs" / "console.log"


@dataclass(frozen=True, slots=True)
class MemorySettings:
    """JVM heap and page cache of the local server, as Neo4j sizes (``512m``, ``3g``)."""

    heap_initial: str
    heap_max: str
    pagecache: str
    young: str
    """The heap's young generation (``-Xmn``): see :func:`memory_settings`."""


def _ram_bytes() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError):
        return 4 * _GIB


_UNITS = {"k": 2**10, "m": _MIB, "g": _GIB}


def _size(name: str, default: int) -> int:
    """``$name`` as bytes (a Neo4j size: ``768m``, ``2g``), else ``default``."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if not re.fullmatch(r"[1-9][0-9]*[kmg]", raw):
        raise ServerError(f"{name}={raw!r} is not a size such as 512m or 2g")
    return int(raw[:-1]) * _UNITS[raw[-1]]


def _neo4j_size(n: int) -> str:
    return f"{n // _GIB}g" if n % _GIB == 0 else f"{max(1, n // _MIB)}m"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def memory_settings() -> MemorySettings:
    """Heap and page cache for the local server, sized for a development machine that
    runs other things too: heap 1/4 of RAM (1-8 GiB), two thirds of it the young
    generation; page cache 1/16 of RAM (256 MiB-2 GiB). 24 GiB of RAM gives a 6 GiB heap
    (4 GiB young) and a 1.5 GiB page cache. Override with ``KG_NEO4J_HEAP`` and
    ``KG_NEO4J_PAGECACHE`` (``2g``, ``512m``); the young generation follows the heap.

    Why a large young generation: a batch transaction's state lives until it commits,
    so each young collection copies the state of the batches in flight, and what
    survives a few of them fills the old generation, emptied by full collections.
    scripts/bench_load's data, four servers side by side, loads alternating (100,000
    triples, batches of 10,000; six timed loads each after five warm-ups; collections
    counted over those loads and the wipes between them):

    ===========================  ==============  ============  ============
    heap (young)                 young GCs/load  server CPU s  median load s
    ===========================  ==============  ============  ============
    3 GiB (1 GiB, the default)   about 10        9.87          7.22
    3 GiB (2 GiB)                about 4         9.39          6.95
    6 GiB (4 GiB)                about 2         8.45          6.07
    8 GiB (6 GiB)                not counted     7.81          5.97
    ===========================  ==============  ============  ============

    The heap starts at its full size, as Neo4j's operations manual advises. Started at
    512 MiB it grew by full collections while loads ran. Heap not used yet is reserved,
    not resident."""
    ram = _ram_bytes()
    heap = _size("KG_NEO4J_HEAP", _clamp(ram // 4, _GIB, 8 * _GIB))
    pagecache = _size("KG_NEO4J_PAGECACHE", _clamp(ram // 16, 256 * _MIB, 2 * _GIB))
    young = heap * 2 // 3 // _MIB * _MIB
    size = _neo4j_size(heap)
    return MemorySettings(size, size, _neo4j_size(pagecache), _neo4j_size(young))


def _urls(bolt: int, http: int, tls: bool = False) -> tuple[str, str, str]:
    """Bolt URI, HTTP URL and Browser URL. With TLS the URI is ``bolt+ssc://``: encrypted,
    and the self-signed chain accepted; ``bolt+s://`` checks it against the CA of
    :func:`ca_file` when ``SSL_CERT_FILE`` names that file."""
    http_url = f"http://{_HOST}:{http}"
    scheme = "bolt+ssc" if tls else "bolt"
    return f"{scheme}://{_HOST}:{bolt}", http_url, f"{http_url}/browser/"


def _tls_dir(home: Path) -> Path:
    return home / "certificates" / "bolt"


def ca_file() -> Path:
    """The CA certificate (PEM) of the local server's TLS certificate, once made."""
    return home_dir() / "certificates" / "ca.crt"


_SERVER_EXTENSIONS = (
    "basicConstraints=critical,CA:FALSE\n"
    "keyUsage=critical,digitalSignature,keyEncipherment\n"
    "extendedKeyUsage=serverAuth\n"
    f"subjectAltName=IP:{_HOST},DNS:localhost\n"
)


def _make_certificates(home: Path) -> None:
    """A private CA and a certificate for 127.0.0.1 signed by it (made once, with the
    ``openssl`` command). The CA key is deleted once it signed: nothing else can be
    issued in its name."""
    bolt_dir = _tls_dir(home)
    certificate = bolt_dir / "public.crt"
    if certificate.is_file() and (bolt_dir / "private.key").is_file() and ca_file().is_file():
        return
    openssl = shutil.which("openssl")
    if openssl is None:
        raise ServerError("TLS for the local Neo4j needs the 'openssl' command on PATH")
    work = home / "certificates" / ".new"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.chmod(work, 0o700)
    (work / "server.ext").write_text(_SERVER_EXTENSIONS, encoding="ascii")
    steps = [
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
         "-out", "ca.crt", "-days", "3650", "-sha256", "-subj", "/CN=kg local Neo4j CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "private.key",
         "-out", "server.csr", "-subj", f"/CN={_HOST}"],
        ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
         "-set_serial", f"0x{secrets.token_hex(16)}", "-days", "825", "-sha256",
         "-extfile", "server.ext", "-out", "public.crt"],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(
            [openssl, *step], cwd=work, capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            shutil.rmtree(work, ignore_errors=True)
            raise ServerError(f"openssl {step[0]} failed: {_short_output(done.stderr)}")
    (work / "private.key").chmod(0o600)
    shutil.rmtree(bolt_dir, ignore_errors=True)
    for name in ("trusted", "revoked"):
        (bolt_dir / name).mkdir(parents=True, exist_ok=True)
    (work / "private.key").replace(bolt_dir / "private.key")
    (work / "public.crt").replace(certificate)
    (work / "ca.crt").replace(ca_file())
    shutil.rmtree(work, ignore_errors=True)


def _env_tls() -> bool:
    return os.environ.get("KG_NEO4J_TLS", "").strip().lower() in ("1", "true", "yes", "on")


def _render_conf(bolt: int, http: int, tls_dir: Path | None = None) -> str:
    memory = memory_settings()
    settings = {
        "server.default_listen_address": _HOST,
        "server.default_advertised_address": _HOST,
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"{_HOST}:{bolt}",
        "server.bolt.advertised_address": f"{_HOST}:{bolt}",
        "server.bolt.tls_level": "DISABLED" if tls_dir is None else "REQUIRED",
        "server.http.enabled": "true",
        "server.http.listen_address": f"{_HOST}:{http}",
        "server.http.advertised_address": f"{_HOST}:{http}",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "server.memory.heap.initial_size": memory.heap_initial,
        "server.memory.heap.max_size": memory.heap_max,
        "server.memory.pagecache.size": memory.pagecache,
        "server.directories.logs": "logs",
        "server.directories.import": "import",
        "server.directories.plugins": "plugins",
        # Bolt waits a quiet period (default 5s, per event loop) before stopping: shorten it.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "1",
        # Grow transaction logs as needed instead of preallocating 256 MB per database.
        "db.tx_log.preallocate": "false",
        # Slow queries only: the default (VERBOSE) logs every query with its parameters.
        "db.logs.query.enabled": "INFO",
        "db.logs.query.threshold": "2s",
        # Keep at most about 1 GB of transaction logs (default: two days of them, which
        # repeated large loads turn into many GB).
        "db.tx_log.rotation.retention_policy": "1G size",
        # Logs are pruned only at a checkpoint, and by default a checkpoint comes every
        # 15 minutes or 100,000 transactions: batched loads are few, large transactions
        # (a load of 100,000 triples writes about 116 MB of log in under 200), so logs
        # piled up to many GB between checkpoints. Checkpoint after each 1 GiB instead.
        "db.checkpoint": "VOLUME",
        "db.checkpoint.interval.volume": "1g",
        # No phoning home: usage data reporting (UDC) and client telemetry off.
        "dbms.usage_report.enabled": "false",
        "client.allow_telemetry": "false",
    }
    if tls_dir is not None:
        settings |= {
            "dbms.ssl.policy.bolt.enabled": "true",
            "dbms.ssl.policy.bolt.base_directory": str(tls_dir),
            "dbms.ssl.policy.bolt.private_key": "private.key",
            "dbms.ssl.policy.bolt.public_certificate": "public.crt",
            "dbms.ssl.policy.bolt.client_auth": "NONE",
        }
    lines = [
        "# Written by kg.server for the project's local Neo4j; rewritten on every start.",
        "# Bound to 127.0.0.1 only; ports from KG_NEO4J_BOLT_PORT / KG_NEO4J_HTTP_PORT.",
        *(f"{key}={value}" for key, value in settings.items()),
    ]
    return "\n".join(lines) + "\n"


def _write_conf(home: Path, bolt: int, http: int, tls: bool = False) -> None:
    conf = _conf_file(home)
    conf.parent.mkdir(parents=True, exist_ok=True)
    tmp = conf.with_suffix(".tmp")
    tmp.write_text(_render_conf(bolt, http, _tls_dir(home) if tls else None), encoding="utf-8")
    tmp.replace(conf)


def _conf_tls(home: Path) -> bool:
    """Whether the home's neo4j.conf requires TLS on Bolt."""
    try:
        text = _conf_file(home).read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(r"^server\.bolt\.tls_level=REQUIRED\s*$", text, re.MULTILINE) is not None


def _conf_ports(home: Path) -> tuple[int, int] | None:
    """The Bolt and HTTP ports written in the home's neo4j.conf, if any."""
    try:
        text = _conf_file(home).read_text(encoding="utf-8")
    except OSError:
        return None
    bolt = re.search(r"^server\.bolt\.listen_address=.*:(\d+)\s*$", text, re.MULTILINE)
    http = re.search(r"^server\.http\.listen_address=.*:(\d+)\s*$", text, re.MULTILINE)
    if bolt is None or http is None:
        return None
    return int(bolt.group(1)), int(http.group(1))


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Serialise install/start/stop across processes (flock on a file in the home)."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".kg.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------- install


def _is_installed(home: Path) -> bool:
    marker = home / "lib" / _INSTALL_MARKER
    try:
        return marker.read_text(encoding="utf-8").strip() == _install_id()
    except OSError:
        return False


def _install_id() -> str:
    return f"neo4j {NEO4J_VERSION} browser {NEO4J_BROWSER_VERSION}"


def _short_output(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "Could not" in line]
    picked = (errors or lines)[-3:]
    message = " | ".join(picked)
    return message[:600] if message else "no output"


def _install_unlocked(home: Path) -> None:
    if not _is_installed(home):
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ServerError("Maven ('mvn') is not on PATH; it is needed to fetch Neo4j once")
        work = home / ".install"
        work.mkdir(parents=True, exist_ok=True)
        pom = work / "pom.xml"
        pom.write_bytes(resources.files("kg").joinpath("neo4j_pom.xml").read_bytes())
        partial = home / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        command = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={partial}",
            "-DincludeScope=runtime",
            f"-Dneo4j.version={NEO4J_VERSION}",
            f"-Dneo4j.browser.version={NEO4J_BROWSER_VERSION}",
        ]
        try:
            done = subprocess.run(
                command,
                cwd=work,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=1800,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ServerError("Maven did not finish fetching Neo4j within 30 minutes") from exc
        if done.returncode != 0:
            raise ServerError(
                f"Maven could not fetch Neo4j {NEO4J_VERSION} (exit {done.returncode}): "
                + _short_output(done.stdout + "\n" + done.stderr)
            )
        missing = [jar for jar in _REQUIRED_JARS if not (partial / jar).is_file()]
        if missing:
            raise ServerError(f"Maven finished but these jars are missing: {', '.join(missing)}")
        (partial / _INSTALL_MARKER).write_text(_install_id() + "\n", encoding="utf-8")
        lib = home / "lib"
        shutil.rmtree(lib, ignore_errors=True)
        partial.rename(lib)
    for name in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / name).mkdir(parents=True, exist_ok=True)
    if _running_pid(home) is None or not _conf_file(home).exists():
        _write_conf(home, *_env_ports())


def install() -> Path:
    """Fetch the Neo4j jars with Maven into ``<home>/lib`` (once) and write the config.

    Idempotent: a complete install of the pinned versions is not fetched again. Returns
    the Neo4j home.
    """
    home = home_dir()
    with _locked(home):
        _install_unlocked(home)
    return home


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise ServerError("Java ('java', version 17 or 21) is not on PATH and JAVA_HOME is unset")
    return java


def admin_command(*args: str) -> list[str]:
    """The command line of ``neo4j-admin`` (``org.neo4j.cli.AdminTool``) for the local home.

    The tool requires ``NEO4J_HOME`` and ``NEO4J_CONF`` in its environment, so the command
    starts with ``env NAME=value …``; run it as is, e.g.
    ``subprocess.run(admin_command("database", "import", "full", "--help"))``. Install first.
    """
    home = home_dir()
    return [
        "env",
        f"NEO4J_HOME={home}",
        f"NEO4J_CONF={home / 'conf'}",
        _java(),
        "-XX:+UseG1GC",
        "-Dfile.encoding=UTF-8",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp",
        f"{home / 'lib'}/*",
        _ADMIN_TOOL,
        *args,
    ]


# --------------------------------------------------------------------------- processes


def _proc_alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return not Path("/proc/self").exists()  # no procfs: trust kill(0)
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _is_our_server(pid: int, home: Path) -> bool:
    """``pid`` is a live Neo4j started by us for this home (guards against pid reuse)."""
    if not _proc_alive(pid):
        return False
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return not Path("/proc/self").exists()
    args = {part.decode(errors="replace") for part in argv}
    return _ENTRY_POINT in args and f"--home-dir={home}" in args


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _running_pid(home: Path) -> int | None:
    """Pid of our server for this home, from our pid file or the one Neo4j writes."""
    for path in (_pid_file(home), home / "run" / "neo4j.pid"):
        pid = _read_pid(path)
        if pid is not None and _is_our_server(pid, home):
            return pid
    return None


def _remove_pid_files(home: Path) -> None:
    for path in (_pid_file(home), home / "run" / "neo4j.pid"):
        path.unlink(missing_ok=True)


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((_HOST, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise ServerError(f"cannot check port {port} on {_HOST}: {exc}") from exc
    return False


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((_HOST, port)) == 0


def _port_owner(port: int) -> str | None:
    """Best effort (Linux): 'pid N (command)' of the process listening on ``port``."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text(encoding="utf-8").splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if len(cols) > 9 and cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{cols[9]}]")
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
                homes = [arg for arg in argv if arg.startswith("--home-dir=")]
                if _ENTRY_POINT in argv:
                    what = f"a Neo4j server, {homes[0] if homes else 'unknown home'}"
                else:
                    what = " ".join(" ".join(argv).split())[:120]
                return f"pid {proc.name} ({what})"
        except OSError:
            continue
    return None


def _check_ports_free(home: Path, bolt: int, http: int) -> None:
    for name, port in (("KG_NEO4J_BOLT_PORT", bolt), ("KG_NEO4J_HTTP_PORT", http)):
        if _port_in_use(port):
            owner = _port_owner(port)
            who = f" by {owner}" if owner else ""
            raise ServerError(
                f"port {port} on {_HOST} is already in use{who}, which is not the kg Neo4j "
                f"of {home}; stop that process or set {name} to a free port"
            )


def _log_tail(home: Path) -> str:
    """A one-line digest of why the server failed: error lines, else the last lines."""
    lines: list[str] = []
    for path in (_console_log(home), home / "logs" / "neo4j.log"):
        with contextlib.suppress(OSError):
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()[-200:]
    lines = [line.strip() for line in lines if line.strip()]
    errors = [
        line
        for line in lines
        if re.search(r"ERROR|Exception|Caused by", line) and not line.startswith("at ")
    ]
    picked = (errors or lines)[-3:]
    text = " | ".join(picked)
    return text[:800] if text else "the logs are empty"


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        pgid = os.getpgid(pid)
        if pgid == pid:  # our JVM leads its own process group
            os.killpg(pgid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _proc_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return True


def _terminate(pid: int, timeout: float) -> None:
    _signal_group(pid, signal.SIGTERM)
    if _wait_gone(pid, timeout):
        return
    _signal_group(pid, signal.SIGKILL)
    if not _wait_gone(pid, 15):
        raise ServerError(f"Neo4j (pid {pid}) is still running after SIGKILL")


# --------------------------------------------------------------------------- password


def _read_password(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ServerError(f"cannot read the Neo4j password file {path}: {exc}") from exc
    return text or None


def _load_or_create_password() -> str:
    path = password_file()
    existing = _read_password(path)
    if existing is not None:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (password + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp.replace(path)
    return password


def local_credentials() -> tuple[str, str] | None:
    """``(user, password)`` of the local server once it has been set up, else None."""
    password = _read_password(password_file())
    return None if password is None else (NEO4J_USER, password)


# --------------------------------------------------------------------------- start / stop


def _try_connect(uri: str, password: str, home: Path) -> bool:
    """True once Bolt accepts our password (setting it from the initial one if needed).

    False while the server is still coming up. Raises ServerError when Neo4j rejects both
    the stored password and the initial one.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    marker = home / _PASSWORD_MARKER
    candidates = [password, _DEFAULT_PASSWORD]
    if not marker.exists():
        candidates.reverse()  # first start: the initial password is the one that works
    rejected = 0
    for candidate in candidates:
        try:
            with GraphDatabase.driver(uri, auth=(NEO4J_USER, candidate)) as driver:
                driver.verify_connectivity()
                if candidate != password:
                    with driver.session(database="system") as session:
                        session.run(
                            "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                            old=candidate,
                            new=password,
                        ).consume()
            if candidate != password:
                with GraphDatabase.driver(uri, auth=(NEO4J_USER, password)) as driver:
                    driver.verify_connectivity()
            marker.touch()
            return True
        except AuthError as exc:
            if "RateLimit" in (exc.code or ""):
                return False  # too many attempts: retry after a pause
            rejected += 1
        except (DriverError, Neo4jError, OSError):
            return False  # not ready yet (port open, databases still starting)
    if rejected == len(candidates):
        raise ServerError(
            f"Neo4j at {uri} rejects the password stored in {password_file()}; "
            "it was changed elsewhere: put the current one in that file"
        )
    return False


def _http_ok(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as response:
            return int(response.status) == 200
    except (OSError, ValueError):
        return False


_EXIT_GRACE = 1.0
"""Seconds a starting server must look gone (not alive, or not its command line) before
start-up is reported failed. Twice in one day on this shared machine a start was
reported as an exit before the JVM had logged anything; in one of them the console log,
read later, showed Java failing to load its main class, as it does once the clean-up
after such a report has removed a dedicated test server's ``lib`` link. Which came first
is not known: a JVM that looks gone for a moment is now waited for, one that stays gone
is reported."""


def _wait_ready(
    pid: int, home: Path, ports: tuple[int, int], password: str, timeout: float
) -> None:
    """Wait until Bolt accepts our password and the HTTP server (Browser) answers."""
    uri, http_url, _ = _urls(*ports, tls=_conf_tls(home))
    deadline = time.monotonic() + timeout
    gone_since: float | None = None
    while True:
        if _is_our_server(pid, home):
            gone_since = None
        elif gone_since is None:
            gone_since = time.monotonic()
        elif time.monotonic() - gone_since >= _EXIT_GRACE:
            raise ServerError(f"Neo4j exited during start-up: {_log_tail(home)}")
        if (
            gone_since is None
            and _port_open(ports[0])
            and _try_connect(uri, password, home)
            and _http_ok(http_url + "/")
        ):
            return
        if time.monotonic() >= deadline:
            raise ServerError(
                f"Neo4j did not answer on {uri} within {timeout:g}s: {_log_tail(home)}"
            )
        time.sleep(0.5)


def _launch(home: Path) -> int:
    memory = memory_settings()
    command = [
        _java(),
        f"-Xms{memory.heap_initial}",
        f"-Xmx{memory.heap_max}",
        f"-Xmn{memory.young}",
        *_JVM_OPTIONS,
        "-cp",
        f"{home / 'lib'}/*",
        _ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]
    log = _console_log(home)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-W", "ignore", "-c", _LAUNCHER, str(log), *command],
            cwd=home,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServerError("could not launch Java for Neo4j (launcher timed out)") from exc
    out = done.stdout.strip()
    if done.returncode != 0 or not out.isdigit():
        raise ServerError(f"could not launch Java for Neo4j: {_short_output(done.stderr)}")
    pid = int(out)
    _pid_file(home).parent.mkdir(parents=True, exist_ok=True)
    _pid_file(home).write_text(f"{pid}\n", encoding="utf-8")
    return pid


def _info(home: Path, pid: int, password: str) -> ServerInfo:
    bolt, http = _conf_ports(home) or _env_ports()
    tls = _conf_tls(home)
    uri, http_url, browser_url = _urls(bolt, http, tls)
    ca = str(ca_file()) if tls else None
    return ServerInfo(uri, http_url, browser_url, NEO4J_USER, password, pid, ca)


def start(timeout: float = 120, tls: bool | None = None) -> ServerInfo:
    """Install if needed, start the local Neo4j detached, and wait until Bolt answers.

    Idempotent: when our server already runs it is returned as is (on the ports it was
    started with, with or without TLS). On first start a password is generated, stored
    mode 0600 in ``password_file()`` and set for user ``neo4j``.

    ``tls`` (default: ``KG_NEO4J_TLS=1`` in the environment): Bolt takes encrypted
    connections only, with a certificate for 127.0.0.1 signed by a CA of its own
    (:func:`ca_file`, made once with ``openssl``); the URI is then ``bolt+ssc://``.
    """
    if tls is None:
        tls = _env_tls()
    home = home_dir()
    with _locked(home):
        pid = _running_pid(home)
        if pid is not None:
            password = _load_or_create_password()
            _wait_ready(pid, home, _conf_ports(home) or _env_ports(), password, timeout)
            return _info(home, pid, password)
        _remove_pid_files(home)
        bolt, http = _env_ports()
        _check_ports_free(home, bolt, http)
        _install_unlocked(home)
        password = _load_or_create_password()
        if tls:
            _make_certificates(home)
        _write_conf(home, bolt, http, tls)
        pid = _launch(home)
        try:
            _wait_ready(pid, home, (bolt, http), password, timeout)
        except BaseException:
            if _is_our_server(pid, home):
                _terminate(pid, 30)
            _remove_pid_files(home)
            raise
        return _info(home, pid, password)


def stop(timeout: float = 60) -> bool:
    """Stop the local Neo4j (SIGTERM to its process group, SIGKILL after ``timeout``).

    Returns False when it was not running. Removes the pid files either way.
    """
    home = home_dir()
    if not home.exists():
        return False
    with _locked(home):
        pid = _running_pid(home)
        if pid is None:
            _remove_pid_files(home)
            return False
        _terminate(pid, timeout)
        _remove_pid_files(home)
        return True


def status() -> ServerStatus:
    """Installed? Running? Where? Cheap: reads files and /proc, contacts nothing."""
    home = home_dir()
    pid = _running_pid(home)
    ports = _conf_ports(home) if pid is not None else None
    tls = pid is not None and _conf_tls(home)
    bolt, http = ports or _env_ports()
    uri, _, browser_url = _urls(bolt, http, tls)
    return ServerStatus(
        running=pid is not None,
        pid=pid,
        uri=uri,
        browser_url=browser_url,
        installed=_is_installed(home),
        version=NEO4J_VERSION,
        tls=tls,
    )


# --------------------------------------------------------------------------- command line


def _run_admin(args: list[str]) -> int:
    try:
        if not _is_installed(home_dir()):
            raise ServerError("Neo4j is not installed: run 'python -m kg.server install'")
        command = admin_command(*args)
    except ServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return subprocess.run(command, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kg.server install|start|stop|status|admin ARGS…``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m kg.server", description="Manage the local Neo4j Community server."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="fetch Neo4j with Maven (once) and write its config")
    start_parser = sub.add_parser("start", help="start (installing first) and wait for Bolt")
    start_parser.add_argument("--timeout", type=float, default=120.0)
    start_parser.add_argument(
        "--tls", action="store_true", default=None, help="Bolt over TLS only (KG_NEO4J_TLS=1)"
    )
    stop_parser = sub.add_parser("stop", help="stop the server")
    stop_parser.add_argument("--timeout", type=float, default=60.0)
    sub.add_parser("status", help="say whether it is installed and running")
    sub.add_parser("admin", help="run neo4j-admin with the arguments that follow")
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["admin"]:  # everything after 'admin' goes to neo4j-admin untouched
        return _run_admin(args[1:])
    ns = parser.parse_args(args)
    try:
        if ns.command == "install":
            print(f"Neo4j {NEO4J_VERSION} installed in {install()}")
        elif ns.command == "start":
            info = start(timeout=ns.timeout, tls=ns.tls)
            print(f"Neo4j {NEO4J_VERSION} running (pid {info.pid})")
            print(f"  Bolt:    {info.uri}")
            if info.ca_file:
                print(f"  TLS CA:  {info.ca_file}")
            print(f"  Browser: {info.browser_url}")
            print(f"  User:    {info.user} (password in {password_file()})")
        elif ns.command == "stop":
            print("Neo4j stopped" if stop(timeout=ns.timeout) else "Neo4j was not running")
        elif ns.command == "status":
            st = status()
            state = f"running (pid {st.pid})" if st.running else "not running"
            print(f"Neo4j {st.version}: {state}, {'' if st.installed else 'not '}installed")
            print(f"  Bolt:    {st.uri}")
            print(f"  Browser: {st.browser_url}")
            print(f"  Home:    {home_dir()}")
    except ServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
