"""Where next year's templates and this period's follow-ups start from.

:mod:`~kfworkbook.prefill.sources` reads the sources (a summary, a folder of plans or follow-ups, CSV,
Excel), :mod:`~kfworkbook.prefill.rollover` applies the rules of a new year, :mod:`~kfworkbook.prefill.plans`
places the rows in the templates (``template --prefill``), and :mod:`~kfworkbook.prefill.follow_up_sources`
finds the units and activities a period's follow-up is made for (``uppfoljning``).
"""
