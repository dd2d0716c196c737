"""A labelled input with room for a message in words beneath it.

Text from a store is data: a Field prefilled from one shows what the project's one sanitiser
(domain.safetext.printable) makes of it, so an OSC 52 clipboard write or a bidi override in a
stored title appears as `\\x1b]52;…` and `\\u202e`, never reaches the terminal. The raw text is
kept: while the field still shows the escaped prefill, `value` is the raw text, so saving it
back unchanged is refused in words (`refused_hidden`, and the domain's own checks for titles
and names); once the user edits the field, `value` is what they see.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from ...domain.safetext import printable

_SHOWN_AS_SPACES = str.maketrans("\n\t\r", "   ")  # printable() shows these as spaces: harmless, saved so


class Field(Vertical):
    """Label, Input and an error line. The input's id is the field's id plus '-input'."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Label { color: $text-muted; padding: 0 1; }
    Field > Input { margin: 0 1; background: $surface-lighten-1; }
    Field > Input:focus { background: $block-cursor-background; }
    Field > .error { color: $error; padding: 0 1; display: none; }
    Field.-invalid > .error { display: block; }
    Field.-invalid > Input { background: $error 20%; }
    """

    def __init__(self, label: str, value: str = "", *, id: str, placeholder: str = "", blink: bool = True, max_length: int = 0):
        super().__init__(id=id)
        self.label = label
        self._prefill(value)
        self.placeholder = placeholder
        self.blink = blink
        self.max_length = max_length
        self._hidden_said = False  # the error line says what the prefill hides

    def _prefill(self, text: str) -> None:
        self._raw, self._shown = text, printable(text)
        self._hides = self._shown != text.translate(_SHOWN_AS_SPACES)  # escapes, not just line breaks

    def compose(self) -> ComposeResult:
        yield Label(self.label, markup=False)
        field = Input(self._shown, placeholder=self.placeholder, id=f"{self.id}-input", max_length=self._room(),
                      compact=True)
        field.cursor_blink = self.blink
        yield field
        yield Static("", classes="error", markup=False)  # messages quote what was typed

    def _room(self) -> int:
        """max_length, or the escaped prefill's length if longer: Input refuses every edit that leaves
        its text over max_length, so a long escaped prefill could otherwise only be replaced whole."""
        return max(self.max_length, len(self._shown)) if self.max_length else 0

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        """What the user typed; the raw prefill while it is shown unchanged (so hidden characters
        are refused, not saved back)."""
        text = self.input.value
        return self._raw if self._hides and text == self._shown else text.translate(_SHOWN_AS_SPACES)

    @value.setter
    def value(self, text: str) -> None:
        """Fill the field, as from a store: shown through the sanitiser."""
        self._prefill(text)
        self.input.max_length = self._room()
        self.input.value = self._shown

    @property
    def hidden(self) -> str | None:
        """Words for what the unchanged prefill hides, or None."""
        if not (self._hides and self.input.value == self._shown):
            return None
        escapes = list(dict.fromkeys(printable(char) for char in self._raw if printable(char) not in (char, " ")))
        return (f"holds {', '.join(escapes)} (control characters, escapes or bidi overrides, shown escaped):"
                " edit them out to save")

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".error", Static).update(f"✗ {message}" if message else "")


def refused_hidden(fields: Iterable[Field]) -> bool:
    """Whether any field still holds a prefill with hidden characters: each says so, the first
    takes the focus. (What a form calls before it saves: nothing hidden is written back.)"""
    refused = []
    for field in fields:
        problem = field.hidden
        if problem:
            field.set_error(problem)
            refused.append(field)
        elif field._hidden_said:
            field.set_error(None)
        field._hidden_said = bool(problem)
    if refused:
        refused[0].input.focus()
    return bool(refused)
