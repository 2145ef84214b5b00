"""The one base of every error a user can cause and fix: the CLI catches it once.

Each layer raises its own subclass (``ReportError`` for a file, ``StoreError`` for the store,
``QueryError`` for a query or parameter, ``RemoteError`` for a server, …), whose ``str()`` is
the one line the user sees; ``ties.cli.main`` prints it as ``error: …`` and exits 1. Anything
else is a bug and keeps its traceback.
"""
from __future__ import annotations

__all__ = ["TiesError"]


class TiesError(Exception):
    """A problem with the user's input, files, store or server; ``str()`` is one line naming it."""
