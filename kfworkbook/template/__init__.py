"""Writing the workbooks managers fill in: the plan template and the follow-up of a period.

:mod:`~kfworkbook.template.sheets` is the kit both forms are built from,
:mod:`~kfworkbook.template.plan` (with :mod:`~kfworkbook.template.analysis`) writes the plan
template, :mod:`~kfworkbook.template.follow_up` the follow-up workbooks, and
:mod:`~kfworkbook.template.livecheck` the formulas that grade each cell as the validator does.
"""
