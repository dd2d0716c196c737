"""What can go wrong with a store, as exceptions: each message names the file or the line and
the problem, in words a user can act on."""


class StoreError(Exception):
    """The store cannot be used; the message names the file and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class SchemaProblem(ValueError):
    """A document that does not fit the schema; the message says where and why."""


class ValuesProblem(ValueError):
    """A values file that does not fit the layout; the message says where."""


class JournalProblem(ValueError):
    """A journal line that does not fit; the message says where."""


class UndoRefused(Exception):
    """Nothing to undo or redo, or a record changed since; the message says which."""
