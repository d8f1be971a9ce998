"""The installed package works outside the source tree: build a wheel, install it into a fresh
virtual environment the way the README's *Installera* section says (its Windows commands, with the
venv's python for ``py``) and run them there, then ``kfworkbook template``."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from kfworkbook import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return next(out.glob("kfworkbook-*.whl"))


def test_wheel_ships_the_embedded_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "kfworkbook/data/kfworkbook.toml" in names
    assert "kfworkbook/data/farsta-2022/aktiviteter.csv" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]


def install_commands() -> list[str]:
    """The commands of the README's first code block under *Installera* (the Windows ones)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Installera"):readme.index("\n## ", readme.index("## Installera") + 1)]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_readme_install_commands_are_the_tested_ones():
    assert install_commands() == [f"py -m pip install kfworkbook-{__version__}-py3-none-any.whl",
                                  "kfworkbook --version", "kfworkbook demo"]


def test_installed_wheel_runs_the_readme_commands_and_template(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    work = tmp_path / "arbete"
    work.mkdir()
    local = work / wheel.name  # the README's commands run in the folder where the wheel is
    local.write_bytes(wheel.read_bytes())
    exe = env_dir / "bin" / "kfworkbook"
    done = {}
    for command in install_commands():
        args = command.split()
        args = [str(python), *args[1:]] if args[0] == "py" else [str(exe), *args[1:]]
        done[command] = result = subprocess.run(args, cwd=work, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, (command, result.stderr[-2000:])
    assert done["kfworkbook --version"].stdout == f"kfworkbook {__version__}\n"
    assert "Klart. Här finns resultatet:" in done["kfworkbook demo"].stdout
    assert (work / "demo" / "sammanstallning.xlsx").exists()
    as_module = subprocess.run([str(python), "-m", "kfworkbook", "--version"], cwd=work, capture_output=True, text=True)
    assert as_module.stdout == f"kfworkbook {__version__}\n"  # 'py -m kfworkbook' when Scripts is not on PATH
    template = subprocess.run([str(exe), "template"], cwd=work, capture_output=True, text=True, timeout=300)
    assert template.returncode == 0, template.stderr[-2000:]
    assert len(list((work / "mallar").glob("*.xlsx"))) == 5
    where = subprocess.run([str(python), "-c", "import kfworkbook, sys; print(kfworkbook.__file__)"], cwd=work,
                           capture_output=True, text=True)
    assert str(env_dir) in where.stdout  # the installed copy, not the source tree
