"""The store of `okrtui --read-only COMMAND`: every write refused before anything changes.

Each write takes the store's lock first (Store.locked: write_tables, undo and redo, the fast
`okrtui log` path, sync); reading takes none. So refusing the lock refuses every write, and
only writes.
"""

from __future__ import annotations

from .errors import StoreError
from .storage import Store


class ReadOnlyStore(Store):
    writable = False  # commands that do something before writing (okrtui pull runs commands) ask first

    def locked(self):
        raise StoreError(self.path, "okrtui --read-only refuses every change, so nothing was changed"
                                    " (leave out --read-only to change the store)")
