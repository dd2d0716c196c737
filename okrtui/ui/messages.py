"""okrtui's own Textual messages."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message, bubble=False):
    """The store file changed: this app wrote it, or another process did (the App's poll saw a new
    signature). Posted to the top screen, which redraws if what it drew is out of date; a covered
    screen redraws when it is uncovered (HelpMixin.reload_if_stale). One waiting in the queue is
    enough: a second replaces it."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StoreChanged)
