"""What the command-line tests share: one CliRunner and the output after the configuration line."""

from __future__ import annotations

from typer.testing import CliRunner, Result

runner = CliRunner()


def body(result: Result) -> str:
    """The command's output after its first line, which names the configuration in use."""
    first, _, rest = result.output.partition("\n")
    assert first.startswith("Konfiguration: "), result.output
    return rest
