"""Where and as whom a student's kernel runs: its own folder, user, environment and limits.

A sandbox is a fresh folder per submission holding a copy of the course package and of
the checksummed dataset (read-only), a home, a temporary folder and the kernel's
connection file. When the grader runs as root, each parallel job's kernels run as a user
of their own (an unused uid, never root, never a login's), so a kernel can neither write
the course nor reach another job's kernel or files; when it runs as an ordinary user, the
kernel runs as that user, and the grader's checksums are what catch a changed course.

The environment is built from nothing: the variables a kernel needs, pointing into the
sandbox, and none of the instructor's (``NATO_RUSSIA_DATA`` least of all).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pwd
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nato_russia

PACKAGE = Path(nato_russia.__file__).resolve().parent
# The uids kernels run as, when the grader is root: far above login accounts and below
# the 65534 of nobody, which other programs on the machine may be running as.
FIRST_UID = 61000
DATA_FILES = ("nato_russia.json", "schema.json")
# OpenBLAS is told which processor it runs on where its detection is wrong; a kernel that
# lost these could compute wrong results or crash.
PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


@dataclass(frozen=True)
class Limits:
    """What one submission may use.

    Attributes
    ----------
    cell_seconds
        Wall time for one answer cell (and for reading one answer out of the kernel).
    notebook_seconds
        Wall time for the whole submission, restarts included.
    memory_mb
        Address space of the kernel process.
    processes
        Processes and threads of the kernel user (only enforced with a user of its own).
    file_mb
        Largest file the kernel may write.
    """

    cell_seconds: float = 30.0
    notebook_seconds: float = 300.0
    memory_mb: int = 2048
    processes: int = 128
    file_mb: int = 100

    def rlimits(self, own_user: bool) -> list[tuple[str, int]]:
        """The resource limits a kernel starts with, as ``(RLIMIT_NAME, value)`` pairs."""
        limits = [
            ("RLIMIT_AS", self.memory_mb * 2**20),
            # CPU time as a backstop: the wall-clock timeouts normally end a cell first.
            ("RLIMIT_CPU", int(self.notebook_seconds) + 30),
            ("RLIMIT_FSIZE", self.file_mb * 2**20),
            ("RLIMIT_CORE", 0),
        ]
        if own_user:  # counted per user: only meaningful when the user runs nothing else
            limits.append(("RLIMIT_NPROC", self.processes))
        return limits


@dataclass(frozen=True)
class KernelUser:
    """Who a kernel runs as: a uid and gid of its own, or (None) the grader's own user."""

    uid: int | None = None
    gid: int | None = None

    @property
    def own(self) -> bool:
        """Whether the kernel runs as a user of its own (the grader is root)."""
        return self.uid is not None

    def give(self, path: Path | str) -> None:
        """Make a file or folder this user's (nothing to do for the grader's own user)."""
        if self.uid is not None and self.gid is not None:
            os.chown(path, self.uid, self.gid)


def is_root() -> bool:
    """Whether the grader runs as root, and so can give kernels a user of their own."""
    return os.geteuid() == 0


def processes_of(uid: int) -> list[int]:
    """The ids of the processes running as ``uid`` (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if entry.stat().st_uid == uid:
                found.append(int(entry.name))
    return found


def _is_zombie(pid: int) -> bool:
    """Whether a process has ended and only waits to be reaped by its parent."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # gone already
    return stat_line.rpartition(")")[2].split()[:1] == ["Z"]


def _reap(pid: int) -> None:
    """Collect a finished process that was handed to the grader (see :func:`adopt_orphans`)."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def adopt_orphans() -> None:
    """Make the grader the parent of every process its kernels leave behind (Linux).

    A killed kernel's children would otherwise go to the machine's first process, which
    in a container may never reap them; as zombies they would still count against the
    next kernel's process limit. Best effort: elsewhere nothing changes.
    """
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def kernel_users(count: int) -> list[KernelUser]:
    """One user per parallel job: unused uids when root, the grader's own user otherwise.

    Each uid is reserved for this run (see :func:`_reserve`) until :func:`release_users`, so
    two runs at once (two lessons graded in two terminals) never share a kernel user: each
    run kills every process of its users when a kernel ends, and would kill the other's.
    """
    if not is_root():
        return [KernelUser()] * count
    users: list[KernelUser] = []
    uid = FIRST_UID
    while len(users) < count:
        try:
            pwd.getpwuid(uid)
        except KeyError:
            if _reserve(uid):
                if processes_of(uid):  # left running by a run that crashed: not ours
                    _release(uid)
                else:
                    users.append(KernelUser(uid, uid))
        uid += 1
    return users


def release_users(users: Iterable[KernelUser]) -> None:
    """Give back the uids :func:`kernel_users` reserved (a run's end does it too)."""
    for user in users:
        if user.uid is not None:
            _release(user.uid)


# Reservations: a lock file per uid, held open by the run that uses the uid. The kernel
# closes it if the run dies, so a crashed run never keeps a uid.
RESERVATIONS = Path(tempfile.gettempdir()) / "nato-russia-grader-uids"
_held: dict[int, int] = {}  # uid -> the open lock file's descriptor


def _reserve(uid: int) -> bool:
    """Take ``uid`` for this run; False when another run holds it."""
    if uid in _held:
        return False
    RESERVATIONS.mkdir(mode=0o700, exist_ok=True)
    folder = os.lstat(RESERVATIONS)
    if not stat.S_ISDIR(folder.st_mode) or folder.st_uid != os.geteuid():
        raise PermissionError(f"{RESERVATIONS} must be a folder of the grader's own user; "
                              "remove it and grade again")
    fd = os.open(RESERVATIONS / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _held[uid] = fd
    return True


def _release(uid: int) -> None:
    fd = _held.pop(uid, None)
    if fd is not None:
        os.close(fd)  # closing the file ends its lock


@contextlib.contextmanager
def unheld(uids: Iterable[int]) -> Iterator[list[int]]:
    """The uids of ``uids`` that no grading run holds, held by the caller in the block.

    For a check that no kernel outlived its run while another run may be grading: the uids
    that other run holds have live kernels, and are left out.
    """
    taken = [uid for uid in uids if _reserve(uid)]
    try:
        yield taken
    finally:
        for uid in taken:
            _release(uid)


def end_processes(user: KernelUser, pid: int | None) -> None:
    """Kill everything a kernel left running: its process group, and, for a user of its
    own, every process of that user (a daemon that left the group included)."""
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    if not user.own:
        return
    assert user.uid is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # a fork loop may spawn while we kill: repeat
        left = processes_of(user.uid)
        if not left:
            return
        for other in left:
            if _is_zombie(other):
                _reap(other)
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(other, signal.SIGKILL)
        time.sleep(0.02)


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def tree_checksum(paths: Iterable[Path]) -> str:
    """One SHA-256 over the names and contents of the files under ``paths``.

    ``__pycache__`` is left out (Python rewrites it as it pleases). Links are hashed as
    links and never followed, and only regular files are read, so a kernel that swapped its
    copy of the course for a link to ``/`` or a pipe cannot make this hang.
    """
    digest = hashlib.sha256()
    for root in paths:
        if root.is_symlink() or not root.exists():
            digest.update(f"{root.name}: {'link' if root.is_symlink() else 'missing'}".encode())
            continue
        found = [root] if root.is_file() else []
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            found += [Path(folder, name) for name in sorted(files)]
        for path in found:
            digest.update(str(path.relative_to(root.parent)).encode())
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            else:
                digest.update(f"not a file: {stat.filemode(info.st_mode)}".encode())
    return digest.hexdigest()


def _read_only(path: Path) -> None:
    """Take the write bits off a tree, folders last so they can still be walked."""
    for item in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        mode = item.stat().st_mode
        item.chmod(stat.S_IMODE(mode) & ~0o222)
    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


@dataclass(frozen=True)
class Sandbox:
    """One submission's folder (see the module docstring for its layout)."""

    root: Path
    user: KernelUser

    @property
    def course(self) -> Path:
        """The read-only copy of the course: ``nato_russia/`` and ``data/``."""
        return self.root / "course"

    @property
    def dataset(self) -> Path:
        """The kernel's copy of the dataset."""
        return self.course / "data" / DATA_FILES[0]

    @property
    def workdir(self) -> Path:
        """The kernel's working folder, where an exercise notebook would sit."""
        return self.course / "exercises"

    @property
    def runtime(self) -> Path:
        """The kernel's connection file and sockets."""
        return self.root / "runtime"

    def course_checksum(self) -> str:
        """The checksum of the course copy as it is now."""
        return tree_checksum([self.course / "nato_russia", self.course / "data"])

    def environment(self, python: Path, library: Path | None) -> dict[str, str]:
        """The kernel's whole environment: nothing inherited but OpenBLAS's processor hints."""
        home = self.root / "home"
        env = {
            "PATH": os.pathsep.join([str(python.parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(home),
            "USER": "student",
            "LOGNAME": "student",
            "TMPDIR": str(self.root / "tmp"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            # The course copy first: the kernel imports it, never the instructor's checkout.
            "PYTHONPATH": str(self.course),
            "PYTHONNOUSERSITE": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "MPLBACKEND": "Agg",  # no pictures to render: the grader reads the bars
            "MPLCONFIGDIR": str(home / ".matplotlib"),
            "IPYTHONDIR": str(home / ".ipython"),
            "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
            "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
            "JUPYTER_RUNTIME_DIR": str(self.runtime),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            # One thread each and two malloc arenas keep the address space well under the
            # memory cap for an honest kernel.
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",
        }
        if library is not None:
            env["LD_LIBRARY_PATH"] = str(library)
        for name in PASSED_THROUGH:
            if name in os.environ:
                env[name] = os.environ[name]
        return env


def make_sandbox(parent: Path, name: str, user: KernelUser, dataset: bytes,
                 schema: bytes, home_files: dict[str, bytes] | None = None) -> Sandbox:
    """Create a sandbox folder under ``parent`` for one submission.

    The course package and the dataset are copied in and made read-only; the folders the
    kernel writes to (home, tmp, runtime, the working folder) belong to its user.
    ``home_files`` (relative path: content) are put in its home, such as matplotlib's
    font list, which each fresh home would otherwise spend most of a second building.
    """
    root = parent / name
    root.mkdir(mode=0o700)
    box = Sandbox(root, user)
    shutil.copytree(PACKAGE, box.course / "nato_russia",
                    ignore=shutil.ignore_patterns("grade", "authoring"))
    (box.course / "data").mkdir()
    box.dataset.write_bytes(dataset)
    (box.course / "data" / DATA_FILES[1]).write_bytes(schema)
    _read_only(box.course)
    # The working folder sits inside the read-only copy, as exercises/ does in the course,
    # so a relative path such as ../data/nato_russia.json leads to the read-only dataset.
    box.course.chmod(0o755)
    box.workdir.mkdir(mode=0o700)
    box.course.chmod(0o555)
    for folder in ("home", "tmp", "runtime"):
        (root / folder).mkdir(mode=0o700)
    owned = [root, box.workdir, root / "home", root / "tmp", box.runtime]
    for relative, content in (home_files or {}).items():
        path = root / "home" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        owned += [path, *[p for p in path.parents if root / "home" in p.parents]]
    for path in owned:
        user.give(path)
    return box


def home_files(box: Sandbox, folder: str) -> dict[str, bytes]:
    """The files a kernel left in one folder of its home, to seed the next sandboxes."""
    found = box.root / "home" / folder
    if not found.is_dir():
        return {}
    return {str(p.relative_to(box.root / "home")): p.read_bytes()
            for p in found.iterdir() if p.is_file() and p.stat().st_size < 10 * 2**20}


def remove_sandbox(box: Sandbox) -> None:
    """Delete a sandbox, read-only parts and folders a kernel locked included."""
    with contextlib.suppress(OSError):
        box.root.chmod(0o700)
    for folder, subfolders, _ in os.walk(box.root):
        for name in subfolders:  # opened up before os.walk goes into them
            path = Path(folder, name)
            with contextlib.suppress(OSError):
                if not path.is_symlink():
                    path.chmod(0o700)
    shutil.rmtree(box.root, ignore_errors=True)
