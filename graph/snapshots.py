"""Reading a store while a build writes it: published snapshots, each one complete state.

pyoxigraph calls opening a store read-only while another process writes it undefined
behaviour, and it was: ``ties serve`` during ``ties build`` answered 5, 54, 5, 54 to the same
COUNT, each worker seeing whatever the files held when it opened them. So readers never open
a store that is being written. Writers publish instead:

* ``graph.store.open_store`` publishes the store as it opens it, ``ties build`` after each report
  (at most every ``INTERVAL`` seconds) and when it ends, ``ties reason`` when it has written;
* a snapshot is a RocksDB checkpoint (``Store.backup``: hard links to the immutable table files,
  ~20 ms) in ``STORE/snapshots/<name>``, taken by the single writer between two of its
  transactions, so it holds the store as it was before or after a whole report;
* ``STORE/snapshots/current`` then names it (a temporary file renamed over it: a reader sees the
  old name or the new one, never half).

A reader (a ``ties serve`` worker) opens the snapshot ``current`` names read-only (nobody writes a
snapshot again, so that is well defined), and looks at ``current`` again before each request,
switching when it names another. While a reader has a snapshot open it holds a shared ``flock`` on
the snapshot's ``.readers`` file; a publisher deletes older snapshots only when it gets the
exclusive lock without waiting, renaming the folder away first so no reader can start on it.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

from pyoxigraph import Store

#: Folder of the snapshots, inside the store's own folder (same file system, so hard links work).
FOLDER = "snapshots"
POINTER = "current"
READERS = ".readers"
#: Least seconds between two snapshots during a build (the last one is always published).
INTERVAL = 0.5


def folder(store_path: Path | str) -> Path:
    return Path(store_path) / FOLDER


def current(store_path: Path | str) -> str | None:
    """The name of the newest complete snapshot, or None if none was ever published."""
    try:
        name = (folder(store_path) / POINTER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def publish(store: Store, store_path: Path | str) -> bool:
    """Checkpoint ``store`` (open for writing at ``store_path``) and make it the current snapshot.

    Never raises: a snapshot that cannot be written (a full disk) leaves readers on the last one,
    and the build goes on; False then.
    """
    root = folder(store_path)
    name = f"{time.time_ns():020d}-{os.getpid()}"
    try:
        root.mkdir(exist_ok=True)
        store.backup(str(root / name))
        (root / name / READERS).touch()
        pointer = root / f"{POINTER}.{os.getpid()}.tmp"
        pointer.write_text(name + "\n", encoding="ascii")
        os.replace(pointer, root / POINTER)
    except OSError:
        shutil.rmtree(root / name, ignore_errors=True)
        return False
    prune(store_path, keep=name)
    return True


def prune(store_path: Path | str, keep: str) -> None:
    """Delete the snapshots no reader holds, except ``keep`` (and whatever ``current`` names)."""
    root = folder(store_path)
    keep_too = current(store_path)
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.name in (keep, keep_too, POINTER) or not entry.is_dir(follow_symlinks=False):
            if entry.name.startswith(POINTER + ".") and entry.name.endswith(".tmp"):
                _unlink(Path(entry.path))  # left by a killed publisher
            continue
        _remove_unless_read(Path(entry.path))


def _remove_unless_read(snapshot: Path) -> None:
    try:
        fd = os.open(snapshot / READERS, os.O_RDONLY)
    except FileNotFoundError:  # a checkpoint its publisher did not finish, or already renamed away
        fd = None
    except OSError:
        return
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a reader still has it open; the next publish tries again
        gone = snapshot.with_name(f".gone-{snapshot.name}")
        try:
            os.replace(snapshot, gone)
        except OSError:
            return
    finally:
        if fd is not None:
            os.close(fd)
    shutil.rmtree(gone, ignore_errors=True)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


class Publisher:
    """A build's snapshots: one after a report when ``INTERVAL`` has passed since the last, and the last."""

    def __init__(self, store: Store, store_path: Path | str) -> None:
        self.store, self.path = store, store_path
        self.last = time.monotonic()
        self.pending = False

    def changed(self) -> None:
        """A whole report has been written (its transaction committed)."""
        self.pending = True
        if time.monotonic() - self.last >= INTERVAL:
            self.done()

    def done(self) -> None:
        if self.pending:
            publish(self.store, self.path)
            self.last, self.pending = time.monotonic(), False


class Reader:
    """A reader's view of the store: the current snapshot, opened read-only and switched between requests.

    A store without snapshots (made read-only before it had any, or on a disk too full for one) is
    opened read-only itself, as stores were before snapshots.
    """

    def __init__(self, store_path: Path | str) -> None:
        self.path = Path(store_path)
        self.name: str | None = None
        self.store: Store | None = None
        self._fd: int | None = None

    def fresh(self) -> Store:
        """The store to answer the next request from: the newest published state."""
        name = current(self.path)
        if self.store is not None and name == self.name:
            return self.store
        if name is None:
            if self.store is None:
                self.store = Store.read_only(str(self.path))
            return self.store
        for _ in range(100):  # pruned between reading its name and locking it: read the name again
            try:
                store, fd = _open(self.path, name)
            except FileNotFoundError:
                name = current(self.path) or name
                continue
            self.close()
            self.store, self.name, self._fd = store, name, fd
            return self.store
        raise OSError(f"cannot open the current snapshot of {self.path} (snapshots changing too fast)")

    def close(self) -> None:
        self.store = None  # pyoxigraph closes the store when the last reference goes
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _open(store_path: Path, name: str) -> tuple[Store, int]:
    """Lock the snapshot for reading (it may no longer exist: FileNotFoundError), then open it."""
    snapshot = folder(store_path) / name
    fd = os.open(snapshot / READERS, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if os.stat(snapshot / READERS).st_ino != os.fstat(fd).st_ino:
            raise FileNotFoundError(snapshot)
        return Store.read_only(str(snapshot)), fd
    except BaseException:
        os.close(fd)
        raise


def ensure_current(store_path: Path | str, wait: float = 30.0) -> str | None:
    """Make sure readers have a snapshot of the store as it is: publish one now if no writer holds the
    store (a build killed mid-way publishes nothing at its end); with a writer, wait for its first one.
    None when there can be no snapshot (the store cannot be opened for writing: a read-only disk)."""
    try:
        store = Store(str(store_path))
    except OSError as exc:
        if "lock" not in str(exc).lower():
            return current(store_path)
        deadline = time.monotonic() + wait
        while current(store_path) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        return current(store_path)
    try:
        publish(store, store_path)
    finally:
        del store
    return current(store_path)
