"""The forms kfworkbook hands out: :mod:`~kfworkbook.forms.columns` (the plan's columns and the
template's fixed addresses), :mod:`~kfworkbook.forms.spec` (:class:`~kfworkbook.forms.spec.Form`, the
plan and the follow-up form, which form a workbook is) and :mod:`~kfworkbook.forms.follow_up` (every
rule of the follow-up)."""
