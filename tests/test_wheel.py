"""The installed package works outside the source tree: build a wheel, install it into a fresh
virtual environment and run ``kfworkbook demo`` and ``kfworkbook template`` there."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

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


def test_installed_wheel_runs_demo_and_template(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True,
                             timeout=900)
    assert install.returncode == 0, install.stderr[-2000:]
    work = tmp_path / "arbete"
    work.mkdir()
    exe = env_dir / "bin" / "kfworkbook"
    demo = subprocess.run([str(exe), "demo", "--out", "ut"], cwd=work, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert (work / "ut" / "sammanstallning.xlsx").exists()
    assert "Klart. Här finns resultatet:" in demo.stdout
    template = subprocess.run([str(exe), "template"], cwd=work, capture_output=True, text=True, timeout=300)
    assert template.returncode == 0, template.stderr[-2000:]
    assert len(list((work / "mallar").glob("*.xlsx"))) == 5
    where = subprocess.run([str(python), "-c", "import kfworkbook, sys; print(kfworkbook.__file__)"], cwd=work,
                           capture_output=True, text=True)
    assert str(env_dir) in where.stdout  # the installed copy, not the source tree
