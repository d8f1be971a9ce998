"""The Validera button in Excel: :mod:`~kfworkbook.button.excel` (one function for classic RunPython,
xlwings Server and xlwings Lite) and :mod:`~kfworkbook.button.lite` (the code HR pastes into Lite).
Workbooks reach the button through :mod:`kfworkbook.excel`.
"""
