"""Writing what a merge found, and what validation found: workbooks, Word documents, marked copies, the console.

:mod:`~kfworkbook.output.write` (``WRITERS``) and :mod:`~kfworkbook.output.document` (``DOCUMENTS``) are the
entry points and registries;
:mod:`~kfworkbook.output.xlsx` (with :mod:`~kfworkbook.output.xlsxbulk`) and :mod:`~kfworkbook.output.docx`
are the kits; :mod:`~kfworkbook.output.summary_workbook`, :mod:`~kfworkbook.output.follow_up_workbook`,
:mod:`~kfworkbook.output.plan_document` and :mod:`~kfworkbook.output.follow_up_document` each form's
outputs; :mod:`~kfworkbook.output.annotate` the marked copy of a workbook; :mod:`~kfworkbook.output.console`
the validation tables printed to the console; :mod:`~kfworkbook.output.reminders` (with
:mod:`~kfworkbook.output.reminder_text`) the reminder drafts for units that must hand in or fix their plan.
"""
