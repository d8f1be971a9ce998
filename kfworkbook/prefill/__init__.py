"""Where next year's templates and this period's follow-ups start from.

:mod:`~kfworkbook.prefill.sources` reads the sources (a summary, a folder of plans or follow-ups, CSV,
Excel) and :mod:`~kfworkbook.prefill.word` last year's plan in Word, both into the rows of
:mod:`~kfworkbook.prefill.model`; :mod:`~kfworkbook.prefill.placing` finds a Word table's department, unit
and step from its headings; :mod:`~kfworkbook.prefill.rollover` applies the rules of a new year (with
:mod:`~kfworkbook.prefill.combined` for cells that hold several columns or values),
:mod:`~kfworkbook.prefill.plans` places the rows in the templates (``template --prefill``), and
:mod:`~kfworkbook.prefill.follow_up_sources` finds the units and activities a period's follow-up is made
for (``uppfoljning``).
"""
