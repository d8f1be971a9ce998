"""Merging what managers returned into one :class:`~kfworkbook.summary.model.Summary`.

:mod:`~kfworkbook.summary.merge` is the entry point and registry (``ROWS``),
:mod:`~kfworkbook.summary.model` the summary itself with its crosstabs, :mod:`~kfworkbook.summary.plan`
and :mod:`~kfworkbook.summary.follow_up` each form's rows and figures, and
:mod:`~kfworkbook.summary.chapters` the plan's content per department, shared by the workbook and the document.
"""
