"""kfworkbook: templates, validation and summaries for kompetensförsörjningsplaner.

The public API is importable from here; heavy modules (pandas, pandera, openpyxl) load only when a
name that needs them is first used, so that the CLI and the Excel button start quickly. The
``TYPE_CHECKING`` block names the same exports for type checkers and editors.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS = {
    "Config": "config",
    "ConfigError": "config",
    "PlanUnit": "config",
    "load_config": "config",
    "default_config": "config",
    "COLUMNS": "forms.columns",
    "Form": "forms.spec",
    "PLAN": "forms.spec",
    "PERIODS": "forms.spec",
    "form_of": "forms.spec",
    "follow_up_form": "forms.spec",
    "build_template": "template.plan",
    "write_template": "template.plan",
    "write_templates": "template.plan",
    "template_filename": "template.plan",
    "check_paths": "template.paths",
    "FollowUpUnit": "template.follow_up",
    "write_follow_ups": "template.follow_up",
    "Workbook": "read.workbook",
    "Plan": "read.workbook",
    "read_plan": "read.workbook",
    "Issue": "issues",
    "Report": "issues",
    "CATALOGUE": "issues",
    "validate_file": "validate.run",
    "validate_paths": "validate.run",
    "validate_plan": "validate.run",
    "validate_plans": "validate.run",
    "annotate_copy": "output.annotate",
    "Summary": "summary.model",
    "merge_plans": "summary.merge",
    "summarise": "summary.merge",
    "write_summary": "output.summary_workbook",
    "write_follow_up_report": "output.follow_up_workbook",
    "write_workbook": "output.write",
    "build_document": "output.plan_document",
    "write_document": "output.document",
    "write_reminders": "output.reminders",
    "read_prefill": "prefill.plans",
    "split_by_unit": "prefill.plans",
    "prefill_templates": "prefill.plans",
    "Prefill": "prefill.plans",
    "read_follow_up_sources": "prefill.follow_up_sources",
    "read_ledger": "prefill.follow_up_sources",
    "read_removals": "prefill.follow_up_sources",
    "Ledger": "summary.ledger",
    "build_ledger": "summary.ledger",
    "prefill_from_ledger": "prefill.ledger_rows",
    "summary_json": "summary.merge",
    "run_demo": "demo.year",
    "write_lite": "button.lite",
}

# Public names that differ from the function's own name, so that no export hides a submodule
# (``kfworkbook.summary.merge`` is the module; the function is ``kfworkbook.merge_plans``).
_ALIASES = {"annotate_copy": "annotate", "merge_plans": "merge", "prefill_templates": "prefill",
            "read_follow_up_sources": "read_sources"}
assert not set(_EXPORTS) & {m.split(".")[0] for m in _EXPORTS.values()}, "an export must not shadow a submodule"

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:  # what the lazy loader below hands out, for type checkers and editors
    from .button.lite import write_lite
    from .config import Config, ConfigError, PlanUnit, default_config, load_config
    from .demo.year import run_demo
    from .forms.columns import COLUMNS
    from .forms.spec import PERIODS, PLAN, Form, follow_up_form, form_of
    from .issues import CATALOGUE, Issue, Report
    from .output.annotate import annotate as annotate_copy
    from .output.document import write_document
    from .output.follow_up_workbook import write_follow_up_report
    from .output.plan_document import build_document
    from .output.reminders import write_reminders
    from .output.summary_workbook import write_summary
    from .output.write import write_workbook
    from .prefill.follow_up_sources import read_ledger, read_removals
    from .prefill.follow_up_sources import read_sources as read_follow_up_sources
    from .prefill.ledger_rows import prefill_from_ledger
    from .prefill.plans import Prefill, read_prefill, split_by_unit
    from .prefill.plans import prefill as prefill_templates
    from .read.workbook import Plan, Workbook, read_plan
    from .summary.ledger import Ledger, build_ledger
    from .summary.merge import merge as merge_plans
    from .summary.merge import summarise, summary_json
    from .summary.model import Summary
    from .template.follow_up import FollowUpUnit, write_follow_ups
    from .template.paths import check_paths
    from .template.plan import build_template, template_filename, write_template, write_templates
    from .validate.run import validate_file, validate_paths, validate_plan, validate_plans


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kfworkbook' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), _ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
