"""The naive merge an HR analyst would script: ``pandas.read_excel`` per file, ``concat``, ``to_excel``.

    python bench/naive.py FOLDER OUT.xlsx

The baseline kfworkbook's merge is compared with in the same run (bench_merge.py). Prints one JSON
line: ``{"rows": N}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    frames = [pd.read_excel(p, sheet_name="Aktivitetsplan", header=4, engine="openpyxl")
              for p in sorted(folder.glob("*.xlsx"))]
    merged = pd.concat(frames, ignore_index=True)
    merged.to_excel(out, index=False)
    print(json.dumps({"rows": len(merged)}))


if __name__ == "__main__":
    main()
