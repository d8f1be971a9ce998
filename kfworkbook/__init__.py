"""kfworkbook: templates, validation and summaries for kompetensförsörjningsplaner.

The public API is importable from here; heavy modules (pandas, pandera, openpyxl) load only when a
function that needs them is first used, so that the CLI and the Excel button start quickly.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Config": "config",
    "ConfigError": "config",
    "PlanUnit": "config",
    "load_config": "config",
    "default_config": "config",
    "COLUMNS": "columns",
    "build_template": "template",
    "write_template": "template",
    "write_templates": "template",
    "Plan": "read",
    "read_plan": "read",
    "Issue": "issues",
    "Report": "issues",
    "CATALOGUE": "issues",
    "validate_file": "validate",
    "validate_paths": "validate",
    "validate_plan": "validate",
    "validate_plans": "validate",
    "annotate_copy": "annotate",
    "Summary": "merge",
    "merge_plans": "merge",
    "write_summary": "summary",
    "build_document": "document",
    "write_document": "document",
    "read_prefill": "prefill",
    "split_by_unit": "prefill",
    "prefill_templates": "prefill",
    "Prefill": "prefill",
    "run_demo": "demo",
    "write_lite": "lite",
}

# Public names that differ from the function's own name, so that no export hides a submodule
# (``kfworkbook.merge`` is the module; the function is ``kfworkbook.merge_plans``).
_ALIASES = {"annotate_copy": "annotate", "merge_plans": "merge", "prefill_templates": "prefill"}
assert not set(_EXPORTS) & set(_EXPORTS.values()), "an export must not shadow a submodule"

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kfworkbook' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), _ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
