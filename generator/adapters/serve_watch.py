"""How `mkdocs serve` notices an edited claim (the plugin option `serve_watch`).

MkDocs' dev server polls every watched path twice a second (watchdog's
`PollingObserver`; MkDocs chose polling because native file events do not cross
Docker's non-native or network mounts). Each poll of a folder lists and stats every
file in it and compares the listing with the last one, in Python, holding the
interpreter lock. At 10,000 claims one poll of the claims folder took ~0.14 s, every
0.5 s, during a rebuild too. Measured in one hour (`tools/serve_latency.py --edit both`,
BENCHMARKS.md), medians of 5: an edited analysis was served after 3.01 s polled and
2.35 s with native events, an edited title after 3.96 s and 3.16 s.

With native events, the folders the plugin adds to `config.watch` (the claims folder,
`templates_dir`) get the operating system's change events (inotify on Linux);
`docs/`, `mkdocs.yml` and anything else MkDocs watches itself stay with its poller.
Native events also report files being opened and read: those are dropped, or each
rebuild's own reading of the claims would start the next rebuild.

`auto` (the default) takes native events only on Linux and only when every one of
those folders is on a local filesystem (ext4, xfs, btrfs, tmpfs, overlay, ...), where
inotify sees every change; anywhere else, MkDocs' polling.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import ObservedWatch

Watcher = Literal["native", "polling"]
OPTIONS = ("auto", "native", "polling")
DESCRIBED = {"native": "native file events", "polling": "MkDocs' polling, twice a second"}
# What polling would notice too: a file's content, name, existence or timestamps.
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED,
                     EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED, EVENT_TYPE_ATTRIB})  # fmt: skip
# Filesystems where inotify reports every change made to them; network, FUSE and VM
# shares (nfs, cifs, 9p, virtiofs, fuse.*, vboxsf, ...) may not, and keep polling.
LOCAL_FILESYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "overlay",
                               "zfs", "f2fs", "jfs", "reiserfs", "bcachefs"})  # fmt: skip
MOUNTINFO = Path("/proc/self/mountinfo")
_OCTAL = re.compile(r"\\([0-7]{3})")


def choose(setting: str, folders: Iterable[Path], *, platform: str = sys.platform,
           mountinfo: Path = MOUNTINFO) -> Watcher:  # fmt: skip
    """`native` or `polling` for the plugin's folders, from the option's value."""
    if setting in ("native", "polling"):
        return setting  # type: ignore[return-value]
    if not platform.startswith("linux"):
        return "polling"
    local = all(filesystem_type(folder, mountinfo) in LOCAL_FILESYSTEMS for folder in folders)
    return "native" if local else "polling"


def filesystem_type(path: Path, mountinfo: Path = MOUNTINFO) -> str | None:
    """The type of the filesystem `path` is on (Linux), None when it cannot be read."""
    try:
        lines = mountinfo.read_text("utf-8", "replace").splitlines()
    except OSError:
        return None
    where = os.path.realpath(path)
    best, kind = "", None
    for line in lines:
        fields, _, rest = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not rest:
            continue
        mount_point = _unescape(parts[4])
        inside = where == mount_point or where.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):  # later mounts hide earlier ones
            best, kind = mount_point, rest.split()[0]
    return kind


def _unescape(field: str) -> str:
    r"""mountinfo writes a space in a mount point as \040 (octal), and so on."""
    return _OCTAL.sub(lambda match: chr(int(match[1], 8)), field)


class ChangesOnly(FileSystemEventHandler):
    """Hands on what changes files, not what reads them (opened, closed unwritten)."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self.handler.dispatch(event)


class NativeFolders:
    """Stands in for the dev server's observer (`server.observer`, which `on_serve` may
    change): each folder scheduled from now on gets native events, any other path (a
    file such as `mkdocs.yml`) goes to the poller, and so does all it already had.

    Native events can be refused: inotify limits the watches and the instances a user
    may hold, and editors and other dev servers use them up. Then the folders go to the
    poller after all and `on_fallback` hears why: the preview is slower, never blind."""

    def __init__(self, polling: Any, native: Any | None = None,
                 on_fallback: Callable[[OSError], None] = lambda error: None) -> None:  # fmt: skip
        self.polling = polling
        self.on_fallback = on_fallback
        self.refused: OSError | None = None
        # Each folder's watch, as the server holds it -> its handler, path, recursive.
        self._folders: dict[ObservedWatch, tuple[FileSystemEventHandler, str, bool]] = {}
        self._polled_instead: dict[ObservedWatch, ObservedWatch] = {}
        self._native_running = False
        self.native = native
        if native is None:
            try:
                self.native = _native_observer()
            except OSError as error:  # e.g. inotify's instances used up (EMFILE)
                self._poll_instead(error)

    def schedule(
        self, handler: FileSystemEventHandler, path: str, recursive: bool = False
    ) -> ObservedWatch:
        if self.refused is not None or not os.path.isdir(path):
            return self.polling.schedule(handler, path, recursive=recursive)
        try:
            watch = self.native.schedule(ChangesOnly(handler), path, recursive=recursive)
        except OSError as error:  # a running observer adds the watch at once
            self._poll_instead(error)
            return self.polling.schedule(handler, path, recursive=recursive)
        self._folders[watch] = (handler, path, recursive)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        if watch in self._polled_instead:
            del self._folders[watch]
            self.polling.unschedule(self._polled_instead.pop(watch))
        elif watch in self._folders:
            del self._folders[watch]
            self.native.unschedule(watch)
        else:
            self.polling.unschedule(watch)

    def start(self) -> None:
        self.polling.start()
        if self.refused is not None:
            return
        try:
            self.native.start()
        except OSError as error:  # e.g. inotify's watches used up (ENOSPC)
            self._poll_instead(error)
        else:
            self._native_running = True

    def _poll_instead(self, error: OSError) -> None:
        self.refused = error
        if self.native is not None:
            with contextlib.suppress(Exception):  # whatever of it did start
                self.native.unschedule_all()
        for watch, (handler, path, recursive) in self._folders.items():
            if watch not in self._polled_instead:
                self._polled_instead[watch] = self.polling.schedule(handler, path, recursive=recursive)
        self.on_fallback(error)

    def stop(self) -> None:
        self.polling.stop()
        if self._native_running:
            self.native.stop()

    def join(self, timeout: float | None = None) -> None:
        self.polling.join(timeout)
        if self._native_running:
            self.native.join(timeout)


def _native_observer() -> Any:
    from watchdog.observers import Observer

    return Observer()
