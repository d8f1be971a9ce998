"""Validating workbooks of either form: :mod:`~kfworkbook.validate.run` is the entry point and registry,
:mod:`~kfworkbook.validate.engine` the one engine, :mod:`~kfworkbook.validate.plan` and
:mod:`~kfworkbook.validate.follow_up` the forms' rules, :mod:`~kfworkbook.validate.schema` the pandera
schemas and :mod:`~kfworkbook.validate.suggest` the advice for near misses.
"""
