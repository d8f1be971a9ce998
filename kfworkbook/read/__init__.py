"""Reading what managers return: taking in files and folders, reading each workbook, and where it belongs.

:mod:`~kfworkbook.read.intake` (which files, read once each, in parallel when many),
:mod:`~kfworkbook.read.workbook` (a workbook of either form → :class:`~kfworkbook.read.workbook.Workbook`),
:mod:`~kfworkbook.read.identity` (förvaltning, plan year, department and unit of a workbook).
"""
