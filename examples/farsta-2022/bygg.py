"""Bygger exemplets ifyllda planer från aktiviteter.csv (körs från projektets rot).

    .venv/bin/python examples/farsta-2022/bygg.py

Skriver en ifylld plan per avdelning till examples/farsta-2022/planer/: de verkliga aktiviteterna ur
Farsta stadsdelsförvaltnings kompetensförsörjningsplan, ifyllda med `kfworkbook template --prefill`,
plus de typiska misstag som står i kfworkbook/demo.py (MISTAKES). Samma planer används av
`kfworkbook demo`.
"""

from __future__ import annotations

from pathlib import Path

from kfworkbook.demo.year import MISTAKES, write_example_plans

HERE = Path(__file__).parent


def main() -> None:
    paths = write_example_plans(HERE / "planer")
    for path in paths:
        print(path)
    for mistake in MISTAKES:
        print(f"Misstag: {mistake.department}, aktivitet {mistake.activity + 1}: {mistake.shows}")


if __name__ == "__main__":
    main()
