"""How `mkdocs serve` notices edits: the choice of watcher, the event filter, and a real
dev server whose claims folder gets native events."""

from __future__ import annotations

import errno
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from serve_support import free_port, mkdocs_serve, wait_for
from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from generator.adapters import serve_watch
from generator.adapters.serve_watch import ChangesOnly, NativeFolders, choose, filesystem_type

MOUNTS = """\
22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
30 22 0:26 / /mnt/share rw,relatime shared:9 - nfs4 server:/export rw
31 30 0:27 / /mnt/share/local rw shared:10 - tmpfs tmpfs rw
32 22 0:28 / /mnt/my\\040docs rw shared:11 - fuse.sshfs host:/docs rw
33 22 0:29 / /mnt/sharex rw shared:12 - xfs /dev/vdb rw
"""


@pytest.fixture
def mountinfo(tmp_path: Path) -> Path:
    path = tmp_path / "mountinfo"
    path.write_text(MOUNTS)
    return path


@pytest.mark.parametrize(
    ("folder", "kind"),
    [("/home/desk/content/claims", "ext4"), ("/mnt/share/claims", "nfs4"),
     ("/mnt/share/local/claims", "tmpfs"), ("/mnt/my docs/claims", "fuse.sshfs"),
     ("/mnt/sharex/claims", "xfs"), ("/mnt/share", "nfs4")],
)  # fmt: skip
def test_the_filesystem_is_that_of_the_deepest_mount_holding_the_folder(mountinfo, folder, kind):
    assert filesystem_type(Path(folder), mountinfo) == kind


def test_auto_takes_native_events_on_linux_only_when_every_folder_is_local(mountinfo):
    local, shared = Path("/home/desk/claims"), Path("/mnt/share/claims")
    assert choose("auto", [local], platform="linux", mountinfo=mountinfo) == "native"
    assert choose("auto", [local, shared], platform="linux", mountinfo=mountinfo) == "polling"
    assert choose("auto", [Path("/mnt/my docs/claims")], platform="linux", mountinfo=mountinfo) == "polling"
    assert choose("auto", [local], platform="darwin", mountinfo=mountinfo) == "polling"
    assert choose("auto", [local], platform="linux", mountinfo=mountinfo.parent / "absent") == "polling"


@pytest.mark.parametrize("setting", ["native", "polling"])
def test_a_chosen_watcher_is_kept_wherever_the_folders_are(mountinfo, setting):
    folders = [Path("/mnt/share/claims")]
    assert choose(setting, folders, platform="win32", mountinfo=mountinfo) == setting
    assert choose(setting, folders, platform="linux", mountinfo=mountinfo) == setting


segment = st.text(alphabet="abc ", min_size=1, max_size=3)


@given(mounts=st.lists(st.lists(segment, min_size=1, max_size=3), max_size=6),
       folder=st.lists(segment, min_size=1, max_size=4))  # fmt: skip
def test_a_mount_holds_a_folder_only_by_whole_path_components(tmp_path_factory, mounts, folder):
    """The type is that of the deepest mount point whose components begin the folder's:
    `/mnt/share` never holds `/mnt/sharex`, a space is written as mountinfo writes it."""
    table = [("/", "ext4")] + [("/" + "/".join(m), f"fs{i}") for i, m in enumerate(mounts)]
    lines = [f"{i} 1 0:{i} / {point.replace(' ', chr(92) + '040')} rw - {kind} src rw"
             for i, (point, kind) in enumerate(table)]  # fmt: skip
    path = tmp_path_factory.mktemp("mounts") / "mountinfo"
    path.write_text("\n".join(lines) + "\n")
    parts = tuple(folder)
    holding = [(point, kind) for point, kind in table
               if point == "/" or parts[: len(point.split("/")) - 1] == tuple(point.split("/")[1:])]  # fmt: skip
    deepest = max(len(point) for point, _ in holding)
    expected = [kind for point, kind in holding if len(point) == deepest][-1]
    assert filesystem_type(Path("/" + "/".join(folder)), path) == expected


class Recorder(events.FileSystemEventHandler):
    def __init__(self) -> None:
        self.seen: list[str] = []

    def dispatch(self, event: events.FileSystemEvent) -> None:
        self.seen.append(event.event_type)


EVENT_CLASSES = [cls for cls in vars(events).values()
                 if isinstance(cls, type) and issubclass(cls, events.FileSystemEvent)
                 and cls is not events.FileSystemEvent and cls is not events.FileSystemMovedEvent]  # fmt: skip


@pytest.mark.parametrize("event_class", EVENT_CLASSES, ids=lambda cls: cls.__name__)
def test_only_what_changes_a_file_is_handed_on(event_class):
    """Reading a file (opened, closed unwritten) is no change: with it, each rebuild's
    own reading of the claims would start the next rebuild."""
    recorder = Recorder()
    args = ("/c/a.md", "/c/b.md") if issubclass(event_class, events.FileSystemMovedEvent) else ("/c/a.md",)
    event = event_class(*args)
    ChangesOnly(recorder).dispatch(event)
    reads = {events.EVENT_TYPE_OPENED, events.EVENT_TYPE_CLOSED_NO_WRITE}
    assert recorder.seen == ([] if event.event_type in reads else [event.event_type])


class FakeObserver:
    def __init__(self) -> None:
        self.scheduled: list[tuple[object, str]] = []
        self.calls: list[str] = []

    def schedule(self, handler: object, path: str, recursive: bool = False) -> tuple[str, str]:
        self.scheduled.append((handler, path))
        return ("watch", path)

    def unschedule(self, watch: object) -> None:
        self.calls.append(f"unschedule {watch[1]}")  # type: ignore[index]

    def start(self) -> None:
        self.calls.append("start")

    def stop(self) -> None:
        self.calls.append("stop")

    def join(self, timeout: float | None = None) -> None:
        self.calls.append("join")


def test_folders_get_native_events_and_files_stay_polled(tmp_path):
    polling, native = FakeObserver(), FakeObserver()
    observer = NativeFolders(polling, native)
    handler = Recorder()
    (tmp_path / "mkdocs.yml").write_text("")
    folder_watch = observer.schedule(handler, str(tmp_path), recursive=True)
    observer.schedule(handler, str(tmp_path / "mkdocs.yml"))
    [(wrapped, path)] = native.scheduled
    assert path == str(tmp_path) and isinstance(wrapped, ChangesOnly) and wrapped.handler is handler
    assert polling.scheduled == [(handler, str(tmp_path / "mkdocs.yml"))]
    observer.unschedule(folder_watch)
    observer.unschedule(("watch", "elsewhere"))
    observer.start(), observer.stop(), observer.join()
    assert native.calls == [f"unschedule {tmp_path}", "start", "stop", "join"]
    assert polling.calls == ["unschedule elsewhere", "start", "stop", "join"]


def serve_counting_builds(folder: Path, observer_for: type) -> tuple[LiveReloadServer, list[float]]:
    """A real dev server watching `folder`, whose every build reads each file in it."""
    builds: list[float] = []

    def builder() -> None:
        builds.append(time.monotonic())
        for path in folder.iterdir():
            path.read_bytes()

    server = LiveReloadServer(builder, "127.0.0.1", free_port(), str(folder.parent / "site"))
    server.observer = observer_for(server.observer)
    server.watch(str(folder))
    threading.Thread(target=server.serve, daemon=True).start()
    # serve() starts the observer, then the HTTP thread: once that runs, edits are seen.
    wait_for(lambda: server.serve_thread.is_alive(), "the dev server", seconds=10)
    return server, builds


@pytest.mark.parametrize("observer_for", [NativeFolders, lambda polling: polling],
                         ids=["native", "polling"])  # fmt: skip
def test_an_edit_is_one_rebuild_and_a_rebuild_starts_none(tmp_path, observer_for):
    folder = tmp_path / "claims"
    folder.mkdir()
    for n in range(20):
        (folder / f"claim-{n}.md").write_text(f"claim {n}")
    server, builds = serve_counting_builds(folder, observer_for)
    try:
        time.sleep(1)
        (folder / "claim-3.md").write_text("edited")
        wait_for(lambda: len(builds) >= 1, "a rebuild", seconds=10)
        time.sleep(2)  # what a rebuild reads would have started another by now
        assert len(builds) == 1
        (folder / "claim-4.md").unlink()
        wait_for(lambda: len(builds) == 2, "a rebuild after a deletion", seconds=10)
    finally:
        server.shutdown()


def test_a_plain_native_observer_would_rebuild_forever(tmp_path):
    """Why ChangesOnly: the same server with native events unfiltered never settles."""
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "claim.md").write_text("claim")
    server, builds = serve_counting_builds(folder, lambda polling: Observer())
    try:
        (folder / "claim.md").write_text("edited")
        wait_for(lambda: len(builds) >= 3, "rebuilds set off by rebuilds", seconds=10)
    finally:
        server.shutdown()


def test_mkdocs_serve_notices_an_edit_at_once_and_rebuilds_once(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.setenv("FACTCHECK_SERVE_WATCH", "native")  # read by this repository's mkdocs.yml
    claim = project / "content/claims/isi-chief-in-kabul.md"
    with mkdocs_serve(project) as base:
        log = (project.parent / "serve.log").read_text
        assert "claim edits are noticed by native file events (serve_watch: native)" in log()
        claim.write_text(claim.read_text().replace("\ntitle: ", "\ntitle: Edited ", 1))
        url = base + "claims/isi-chief-in-kabul/"
        wait_for(lambda: "Edited" in urllib.request.urlopen(url, timeout=30).read().decode(), "the edit")
        time.sleep(3)
        assert log().count("Detected file changes") == 1
        assert log().count("Building documentation") == 2  # the first build and the edit's


def test_the_polling_option_leaves_mkdocs_its_observer(tmp_path, monkeypatch):
    server = LiveReloadServer(lambda: None, "127.0.0.1", free_port(), str(tmp_path))
    observer = server.observer
    assert isinstance(observer, PollingObserver)
    project = make_project(tmp_path / "p")
    for setting, kept in (("polling", True), ("native", False)):
        monkeypatch.setenv("FACTCHECK_SERVE_WATCH", setting)
        loaded = load_config(str(project / "mkdocs.yml"))
        loaded.plugins.on_startup(command="serve", dirty=True)
        loaded = loaded.plugins.on_config(loaded)
        served = loaded.plugins.on_serve(server, config=loaded, builder=lambda: None)
        assert (served.observer is observer) is kept
        assert isinstance(served.observer, NativeFolders) is not kept


class Refusing(FakeObserver):
    """A native observer the system refuses, when it starts or when it adds a watch."""

    def __init__(self, when: str) -> None:
        super().__init__()
        self.when, self.running = when, False

    def schedule(self, handler: object, path: str, recursive: bool = False) -> tuple[str, str]:
        if self.when == "schedule" and self.running:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return super().schedule(handler, path, recursive)

    def start(self) -> None:
        if self.when == "start":
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        self.running = True
        super().start()

    def unschedule_all(self) -> None:
        self.calls.append("unschedule_all")


@pytest.mark.parametrize("when", ["start", "schedule"])
def test_refused_native_events_leave_each_folder_polled(tmp_path, when):
    """inotify's limits are per user, often used up by editors: the preview then polls."""
    polling, native, heard = FakeObserver(), Refusing(when), []
    observer = NativeFolders(polling, native, on_fallback=heard.append)
    handler = Recorder()
    if when == "schedule":
        observer.start()
    watch = observer.schedule(handler, str(tmp_path), recursive=True)
    if when == "start":
        observer.start()
    assert [error.errno for error in heard] == [errno.ENOSPC]
    assert polling.scheduled == [(handler, str(tmp_path))]  # the handler itself: polls see no reads
    observer.unschedule(watch)
    observer.stop(), observer.join()
    assert polling.calls == ["start", f"unschedule {tmp_path}", "stop", "join"]
    assert ("stop" in native.calls) is ("join" in native.calls) is (when == "schedule")  # if it ran


def test_no_native_observer_at_all_means_polling(tmp_path, monkeypatch):
    def refuse() -> None:
        raise OSError(errno.EMFILE, "inotify instance limit reached")

    monkeypatch.setattr(serve_watch, "_native_observer", refuse)
    polling, heard = FakeObserver(), []
    observer = NativeFolders(polling, on_fallback=heard.append)
    observer.schedule(Recorder(), str(tmp_path))
    observer.start(), observer.stop(), observer.join()
    assert [error.errno for error in heard] == [errno.EMFILE]
    assert [path for _, path in polling.scheduled] == [str(tmp_path)]
    assert polling.calls == ["start", "stop", "join"]


class RefusedObserver(Observer):  # type: ignore[misc, valid-type]
    def start(self) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_a_dev_server_refused_native_events_still_rebuilds_on_an_edit(tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "claim.md").write_text("claim")
    make = lambda polling: NativeFolders(polling, RefusedObserver())
    server, builds = serve_counting_builds(folder, make)
    try:
        time.sleep(1)
        (folder / "claim.md").write_text("edited")
        wait_for(lambda: len(builds) == 1, "a rebuild by polling", seconds=10)
    finally:
        server.shutdown()


@pytest.mark.parametrize(("variable", "setting"), [(None, "auto"), ("polling", "polling"), ("native", "native")])
def test_this_repository_takes_the_watcher_from_the_environment(monkeypatch, variable, setting):
    """`FACTCHECK_SERVE_WATCH=polling make serve`, where edits go unnoticed (CONTRIBUTING)."""
    if variable is None:
        monkeypatch.delenv("FACTCHECK_SERVE_WATCH", raising=False)
    else:
        monkeypatch.setenv("FACTCHECK_SERVE_WATCH", variable)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.plugins["factcheck"].config.serve_watch == setting


def test_a_mistyped_watcher_is_a_clear_configuration_error(monkeypatch, caplog):
    monkeypatch.setenv("FACTCHECK_SERVE_WATCH", "pollng")
    with pytest.raises(Abort):
        load_config(str(ROOT / "mkdocs.yml"))
    expected = "'serve_watch': Expected one of: ('auto', 'native', 'polling') but received: 'pollng'"
    assert expected in caplog.text
