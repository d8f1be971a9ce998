"""Where next year's templates and this period's follow-ups start from.

:mod:`~kfworkbook.prefill.sources` reads the sources (a summary, a folder of plans or follow-ups, CSV,
Excel), :mod:`~kfworkbook.prefill.rollover` applies the rules of a new year, :mod:`~kfworkbook.prefill.plans`
places the rows in the templates (``template --prefill``), :mod:`~kfworkbook.prefill.follow_up_sources`
reads the approved plans and every answer so far into the ledger of the year (``uppfoljning``), and
:mod:`~kfworkbook.prefill.ledger_rows` starts next year's templates from that ledger (``template --prefill
PLANER --svar …``).
"""
