"""Shared fixtures: the default config, generated templates and a LibreOffice runner."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kfworkbook.config import Config, default_config, default_config_text, parse_config
from kfworkbook.template.plan import write_templates

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def config() -> Config:
    return default_config()


def config_text_with(text_replacements: dict[str, str]) -> str:
    """The default config's TOML text with textual replacements (each must hit)."""
    text = default_config_text()
    for old, new in text_replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def config_with(text_replacements: dict[str, str] | None = None, append: str = "") -> Config:
    """The default config with textual replacements and appended TOML."""
    import tomllib

    return parse_config(tomllib.loads(config_text_with(text_replacements or {}) + append), "test.toml")


@pytest.fixture(scope="session")
def units_config() -> Config:
    """A config where Förskola has two units."""
    return config_with({'[[avdelningar]]\nnamn = "Förskola"\n':
                        '[[avdelningar]]\nnamn = "Förskola"\nenheter = ["Farsta strand", "Hökarängen"]\n'})


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    out = tmp_path_factory.mktemp("mallar")
    write_templates(config, out)
    return out


@pytest.fixture(scope="session")
def template_path(template_dir: Path) -> Path:
    return template_dir / "Kompetensförsörjningsplan_2022_Förskola.xlsx"


@pytest.fixture(scope="session")
def button_template_path(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    """The Förskola template made for the Validera button (kfworkbook template --knapp)."""
    out = tmp_path_factory.mktemp("knappmallar")
    return write_templates(config, out, department="Förskola", button=True)[0]


def soffice_convert(src: Path, fmt: str, outdir: Path) -> list[Path]:
    """Convert ``src`` with LibreOffice headless; return the files it wrote."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) saknas: installera libreoffice-calc och libreoffice-writer (.ci/run gör det)")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return sorted(p for p in outdir.iterdir() if p.is_file())
