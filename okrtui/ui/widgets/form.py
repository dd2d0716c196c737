"""A labelled input with room for a message in words beneath it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static


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
        self._value = value
        self.placeholder = placeholder
        self.blink = blink
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        yield Label(self.label, markup=False)
        field = Input(self._value, placeholder=self.placeholder, id=f"{self.id}-input", max_length=self.max_length,
                      compact=True)
        field.cursor_blink = self.blink
        yield field
        yield Static("", classes="error", markup=False)  # messages quote what was typed

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".error", Static).update(f"✗ {message}" if message else "")
