"""Keys that arrive together go where they would go typed one by one.

Over a lagging SSH link (or from `tmux send-keys`, or a paste of keystrokes) a whole line
of keys reaches okrtui in one read, `95000<tab>8<tab>two deals`. Textual hands each key to
the widget that has focus *when the app takes the key from its queue*; but `tab` only moves
the focus once it has bubbled from the text field up through every container to the app,
where the screen's binding runs, one message turn per level. The app empties its own queue
faster than that: `8`, the second `tab` and `two deals` are already queued to the value
field before the focus moves, and the check-in's value reads `950008two deals`. `enter` is
the same (the dialog saves and closes only when `Input.Submitted` reaches the screen), and
so is any key that opens or closes a screen. Below 20 ms between keys the next key still
lands in the old field.

The fix is one rule in one place, the app's door for keys: a key that may change where
the next one goes (anything but a character typed into a text field) lets the keys after
it wait until every message it set off has been handled: its bubbling, the binding's
action, `Submitted` and the form's answer, a dialog's closing or opening and its focus.
Then the next key is handed on, to whatever has the focus by then, exactly as if it had
been typed a moment later. Characters typed into a text field are handed on at once (the
field takes them in order), so pastes and fast typing cost nothing.

A key waits at most SETTLE_LIMIT for the one before it, so nothing can hold the keyboard.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.widgets import Input

SETTLE_LIMIT = 1.0  # seconds a key waits, at most, for the messages the key before it set off


class KeysInOrder:
    """App mixin: one key at a time through Textual's own routing (App.on_event)."""

    _busy = False  # a key has been handed on and what it set off is not yet done
    _turn: events.Event | None = None  # the held key the app is handing on now
    _waiting: asyncio.Task | None = None
    _typed = False  # characters have been handed to a text field since the last wait

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Event] = deque()

    @property
    def keys_in_hand(self) -> int:
        """Keys received and not yet handed on, plus the one whose consequences are awaited."""
        return len(self._held) + self._busy

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            return
        if event is self._turn:
            self._turn = None
        elif self._busy:
            self._held.append(event)
            return
        self._busy = True
        typed = isinstance(self.focused, Input) and (  # type: ignore[attr-defined]
            isinstance(event, events.Paste) or event.is_printable)
        if not typed and self._typed:
            # ctrl+s (a priority binding, run right here) or tab must find the characters
            # handed to the field before them already in it
            self._held.appendleft(event)
            self._waiting = asyncio.create_task(self._settle())
            return
        await super().on_event(event)  # type: ignore[misc]
        if typed and event.is_forwarded:  # a character into the field (no priority binding took it)
            self._typed = True
            self._hand_on_next()
        else:
            self._waiting = asyncio.create_task(self._settle())

    async def _settle(self) -> None:
        """Until the app, its screen and the widgets the focus passed through have handled every
        message queued to them, twice running with nothing new. (Textual's queues keep no count of
        messages in hand, so a round is a callback queued to each, run after what came before it.)"""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        chain: dict[int, object] = {}
        quiet = 0
        try:
            while quiet < 2 and (left := deadline - loop.time()) > 0:
                focused = self.focused  # type: ignore[attr-defined]
                for node in [self, self.screen, *(focused.ancestors_with_self if focused else ())]:  # type: ignore[attr-defined]
                    chain.setdefault(id(node), node)
                running = await _one_round(chain.values(), left)
                quiet = quiet + 1 if all(node.message_queue_size == 0 for node in running) else 0
        except Exception:  # no screen any more (the app is closing): nothing left to wait for
            pass
        finally:
            self._waiting = None
            self._typed = False
            self._hand_on_next()

    def _hand_on_next(self) -> None:
        if self._held:
            self._turn = self._held.popleft()
            self.post_message(self._turn)  # type: ignore[attr-defined]
        else:
            self._busy = False


async def _one_round(nodes, timeout: float) -> list:
    """A callback queued to every node; back when all have run it (or time is up), with the nodes
    that took one (a closed or closing node takes none, and its queue is no longer read)."""
    left = 0
    done = asyncio.Event()

    def ran() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    running = [node for node in list(nodes) if node.call_later(ran)]
    left = len(running)
    if left:
        try:
            await asyncio.wait_for(done.wait(), timeout)
        except TimeoutError:
            pass
    return running
