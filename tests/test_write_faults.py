"""Write faults: every OSError on writing is one Swedish line and exit code 2, nothing is half-written under
the final name, no temporary file is left, and --force is decided when the file is moved into place (issue 20).

A read-only folder cannot be made for root, so that errno is injected where the test runs as root; a
read-only and a full file system are real tmpfs mounts where the test may mount one (root on Linux),
otherwise the errno is injected. Excel holding the file open on Windows is a PermissionError on the move.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kfworkbook import fileio
from kfworkbook.cli import app
from kfworkbook.fileio import OutputExists, WriteError, atomic_write, write_message

from .cli_helpers import runner
from .plans import fill
from .test_hostile import ENGLISH, no_temporaries, snapshot


@pytest.fixture(scope="module")
def inbox(template_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one filled plan that has an error (so validate --annotate writes a copy)."""
    folder = tmp_path_factory.mktemp("inlamnade")
    fill(template_path, folder / "plan.xlsx", mutate=lambda wb: wb["Aktivitetsplan"].__setitem__("A6", "Utvekla"))
    return folder


def swedish_line(result) -> str:
    """The one error line of a failed command: Swedish, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Fel: ") and not ENGLISH.search(without_paths(line)), line
    return line


def without_paths(text: str) -> str:
    """``text`` without its paths (a test's folder may hold English words)."""
    return " ".join(word for word in text.split() if "/" not in word and "\\" not in word)


def _mount(folder: Path, options: str) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _mounted(folder: Path, options: str) -> Iterator[Path | None]:
    """``folder`` as a file system of its own with ``options`` while the test runs (None where it cannot be
    mounted), unmounted after."""
    mounted = _mount(folder, options)
    yield folder if mounted else None
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path | None]:
    """A 16 KB file system (None where the test cannot mount one)."""
    yield from _mounted(tmp_path / "liten", "size=16k")


@pytest.fixture
def read_only_fs(tmp_path: Path) -> Iterator[Path | None]:
    """A read-only file system (None where the test cannot mount one)."""
    yield from _mounted(tmp_path / "skrivskyddad", "size=64k,ro")


def test_read_only_folder(inbox, tmp_path, monkeypatch):
    """As root no folder is read-only to us, so the errno creating the temporary file is injected."""
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    out = tmp_path / "ut" / "sammanstallning.xlsx"
    before = snapshot(inbox)
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(out)])
    assert swedish_line(result) == (f"Fel: Mappen {out.parent} är skrivskyddad: du har inte behörighet att skriva "
                                    "sammanstallning.xlsx där. Välj en annan mapp eller be om behörighet.")
    assert not out.exists() and snapshot(inbox) == before
    no_temporaries(tmp_path)


def test_read_only_file_system(inbox, read_only_fs, tmp_path, monkeypatch):
    if read_only_fs is None:
        def refuse(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))
        monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    folder = read_only_fs or tmp_path / "skrivskyddad"
    result = runner.invoke(app, ["template", "--out", str(folder)])
    assert swedish_line(result) == (f"Fel: Mappen {folder} är skrivskyddad (enheten kan bara läsas): "
                                    "Kompetensförsörjningsplan_2022_Förskola.xlsx kunde inte skrivas. Välj en annan mapp.")
    assert not any(folder.iterdir()) if folder.exists() else True


def test_disk_full(inbox, small_fs, tmp_path, monkeypatch):
    """A real 16 KB file system where one can be mounted; else the OSError(ENOSPC) XlsxWriter wraps."""
    if small_fs is None:
        import xlsxwriter.workbook

        def full(self):
            raise xlsxwriter.exceptions.FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
        monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", full)
    folder = small_fs or tmp_path / "liten"
    out = folder / "sammanstallning.xlsx"
    before = snapshot(inbox)
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(out)])
    assert swedish_line(result) == (f"Fel: Disken är full: sammanstallning.xlsx kunde inte skrivas i {folder}. "
                                    "Frigör utrymme eller välj en annan mapp och kör kommandot igen.")
    assert not out.exists() and snapshot(inbox) == before
    assert not list(folder.iterdir())  # nothing half-written, the temporary file removed
    if small_fs is not None:  # the real command: one line on standard error, nothing a library left behind
        done = subprocess.run([sys.executable, "-m", "kfworkbook", "merge", str(inbox), "-o", str(out)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert (done.returncode, done.stderr) == (2, f"Fel: Disken är full: sammanstallning.xlsx kunde inte skrivas "
                                                      f"i {folder}. Frigör utrymme eller välj en annan mapp och kör "
                                                      "kommandot igen.\n")
        assert not list(folder.iterdir())


def test_output_path_is_a_folder(inbox, tmp_path):
    out = tmp_path / "sammanstallning.xlsx"
    out.mkdir()
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(out), "--force"])
    assert swedish_line(result) == (f"Fel: {out} är en mapp. Ange ett filnamn, till exempel "
                                    f"{out / 'sammanstallning.xlsx'}.")
    document = tmp_path / "plan.docx"
    document.mkdir()
    result = runner.invoke(app, ["dokument", str(inbox), "-o", str(document)])
    assert swedish_line(result) == (f"Fel: {document} är en mapp. Ange ett filnamn, till exempel "
                                    f"{document / 'kompetensforsorjningsplan.docx'}.")
    with pytest.raises(WriteError, match="är en mapp"):
        atomic_write(out, lambda tmp: tmp.write_text("x"))
    no_temporaries(tmp_path)


@pytest.mark.parametrize("command", ["template", "uppfoljning"])
def test_out_is_a_file(command, inbox, tmp_path):
    out = tmp_path / "mallar"
    out.write_text("en fil", encoding="utf-8")
    args = ["template", "--out", str(out)] if command == "template" else [
        "uppfoljning", "--period", "T1", str(inbox), "--out", str(out)]
    result = runner.invoke(app, args)
    line = swedish_line(result)
    assert line.startswith(f"Fel: {out} är en fil, inte en mapp, så ")
    assert line.endswith(" kan inte skrivas där. Ange en mapp.")
    assert out.read_text(encoding="utf-8") == "en fil"


def test_workbook_open_in_excel_on_windows(inbox, tmp_path, monkeypatch):
    """Windows refuses to replace a file Excel holds open: os.replace raises PermissionError."""
    out = tmp_path / "sammanstallning.xlsx"
    out.write_bytes(b"the summary HR has open")
    replace = os.replace

    def locked(source, target, *args, **kwargs):
        if Path(target) == out:
            error = PermissionError(errno.EACCES, "Access is denied", str(target))
            error.winerror = 32  # ERROR_SHARING_VIOLATION
            raise error
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(fileio.os, "replace", locked)
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(out), "--force"])
    assert swedish_line(result) == ("Fel: sammanstallning.xlsx är öppen i ett annat program och kan inte skrivas "
                                    "över. Stäng sammanstallning.xlsx i Excel och kör kommandot igen.")
    assert out.read_bytes() == b"the summary HR has open"
    no_temporaries(tmp_path)


def test_no_overwrite_is_decided_when_the_file_is_moved(inbox, tmp_path, monkeypatch):
    """Two runs started together: the other run's file appears while this one writes. It is never replaced."""
    from kfworkbook.output import summary_workbook

    out = tmp_path / "sammanstallning.xlsx"
    write = summary_workbook._write

    def meanwhile(summary, path):
        out.write_bytes(b"the other run's summary")
        write(summary, path)

    monkeypatch.setattr(summary_workbook, "_write", meanwhile)
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(out)])
    assert swedish_line(result) == f"Fel: {out} finns redan. Lägg till --force för att skriva över den."
    assert out.read_bytes() == b"the other run's summary"
    no_temporaries(tmp_path)


@pytest.mark.parametrize("links", [True, False])
def test_no_overwrite_without_hard_links(links, tmp_path, monkeypatch):
    """Where the file system has no hard links (FAT, some network shares) the rule still holds."""
    if not links:
        def no_link(source, target):
            raise OSError(errno.EPERM, "Operation not permitted")
        monkeypatch.setattr(fileio.os, "link", no_link)
    target = tmp_path / "mall.xlsx"
    assert atomic_write(target, lambda tmp: tmp.write_bytes(b"first"), overwrite=False) == target
    with pytest.raises(OutputExists):
        atomic_write(target, lambda tmp: tmp.write_bytes(b"second"), overwrite=False)
    assert target.read_bytes() == b"first"
    atomic_write(target, lambda tmp: tmp.write_bytes(b"forced"))
    assert target.read_bytes() == b"forced"
    assert oct(target.stat().st_mode & 0o777) == oct(fileio.file_mode())
    no_temporaries(tmp_path)


def test_temporary_files_of_a_killed_run_are_cleaned_up(tmp_path):
    """SIGKILL in the middle of a write leaves the earlier file as it was and a hidden temporary file; the
    next write into the folder removes it once it is older than an hour (a fresh one may be another run's)."""
    if not hasattr(os, "fork") or sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    folder = tmp_path / "mallar"
    folder.mkdir()
    (folder / "mall.xlsx").write_bytes(b"last year's template")
    code = ("import os, signal, sys\nfrom kfworkbook.fileio import atomic_write\n"
            "def write(tmp):\n    tmp.write_bytes(b'half a template')\n    os.kill(os.getpid(), signal.SIGKILL)\n"
            "atomic_write(sys.argv[1], write)\n")
    done = subprocess.run([sys.executable, "-c", code, str(folder / "mall.xlsx")], capture_output=True)
    assert done.returncode == -9
    assert (folder / "mall.xlsx").read_bytes() == b"last year's template"
    left = list(folder.glob(".~kf-*"))
    assert len(left) == 1
    fresh = folder / ".~kf-other-run.xlsx"
    fresh.write_bytes(b"another run, still writing")
    hour_ago = time.time() - fileio.STALE_AFTER - 60
    os.utime(left[0], (hour_ago, hour_ago))
    result = runner.invoke(app, ["template", "--out", str(folder), "--force", "--avdelning", "Förskola"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        ".~kf-other-run.xlsx", "Kompetensförsörjningsplan_2022_Förskola.xlsx", "mall.xlsx"]


def test_annotate_into_a_folder_that_cannot_be_written(inbox, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    out = tmp_path / "granskade"
    before = snapshot(inbox)
    result = runner.invoke(app, ["validate", str(inbox), "--annotate", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Kunde inte skriva en kopia med anmärkningar av plan.xlsx. Mappen {out} är skrivskyddad: du har inte "
        "behörighet att skriva plan.xlsx där. Välj en annan mapp eller be om behörighet."]
    assert "plan.xlsx: 1 fel" in result.stdout  # the plan was still checked and reported
    assert snapshot(inbox) == before
    no_temporaries(tmp_path)


def test_any_other_os_error_is_one_swedish_line(tmp_path, monkeypatch):
    source = tmp_path / "rader.csv"
    source.write_text("Avdelning;Aktivitet – hur gör vi det?\nFörskola;Kurs\n", encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self):
        if self == source:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = runner.invoke(app, ["template", "--prefill", str(source), "--out", str(tmp_path / "mallar")])
    assert swedish_line(result) == (f"Fel: Du har inte behörighet att öppna {source}. Kontrollera behörigheten "
                                    "eller välj en annan fil.")


@pytest.mark.parametrize("error, stage, expected", [
    (OSError(errno.ENOSPC, "No space left on device"), "write",
     "Disken är full: s.xlsx kunde inte skrivas i ut. Frigör utrymme eller välj en annan mapp och kör kommandot igen."),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), "write",
     "Disken är full: s.xlsx kunde inte skrivas i ut. Frigör utrymme eller välj en annan mapp och kör kommandot igen."),
    (OSError(errno.EROFS, "Read-only file system"), "create",
     "Mappen ut är skrivskyddad (enheten kan bara läsas): s.xlsx kunde inte skrivas. Välj en annan mapp."),
    (PermissionError(errno.EACCES, "Permission denied"), "create",
     "Mappen ut är skrivskyddad: du har inte behörighet att skriva s.xlsx där. Välj en annan mapp eller be om "
     "behörighet."),
    (PermissionError(errno.EACCES, "Access is denied"), "replace",
     "s.xlsx är öppen i ett annat program och kan inte skrivas över. Stäng s.xlsx i Excel och kör kommandot igen."),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "create",
     "Sökvägen ut/s.xlsx är för lång. Välj en mapp närmare enhetens rot eller ett kortare namn."),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), "replace",
     "ut/s.xlsx är en mapp. Ange ett filnamn eller ta bort mappen."),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "create",
     "Mappen ut finns inte längre eller kan inte nås. Kontrollera mappen och kör kommandot igen."),
    (OSError(errno.EIO, "Input/output error"), "write",
     "Skrivfel på disken när s.xlsx skrevs. Kontrollera disken eller nätverksanslutningen och kör kommandot igen."),
    (OSError(errno.EMFILE, "Too many open files"), "write",
     "s.xlsx kunde inte skrivas i ut (systemfel EMFILE). Kontrollera mappen och kör kommandot igen."),
])
def test_write_messages(error, stage, expected):
    assert write_message(error, Path("ut/s.xlsx"), stage) == expected
    assert not ENGLISH.search(expected)


def test_a_long_path_on_windows():
    error = FileNotFoundError(errno.ENOENT, "The system cannot find the path specified")
    error.winerror = 3  # what Windows says for a path over 260 characters
    assert write_message(error, Path("ut/s.xlsx"), "create") == (
        "Sökvägen ut/s.xlsx är för lång. Välj en mapp närmare enhetens rot eller ett kortare namn.")


def test_the_temporary_file_is_removed_on_every_failure(tmp_path):
    for failure in (OSError(errno.ENOSPC, "full"), ValueError("a library's own error"), KeyboardInterrupt()):
        def write(tmp, failure=failure):
            tmp.write_bytes(b"half")
            raise failure

        with pytest.raises((WriteError, ValueError, KeyboardInterrupt)):
            atomic_write(tmp_path / "s.xlsx", write)
        assert list(tmp_path.iterdir()) == []
    assert tempfile.gettempdir()  # the system's own temporary folder is never used
