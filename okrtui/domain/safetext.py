"""The one sanitiser: text from a store or argv made safe for each place it leaves by.

A store may come from someone else, so its text is data and never reaches a
terminal, a JSON reader, a spreadsheet or a Markdown renderer as anything but
text: no escape sequences (OSC 52 clipboard writes, hyperlinks, C1 controls),
no bidi overrides that reorder what is shown, no formulas, no markup.

Light: the `okrtui log` fast path imports this.
"""

from __future__ import annotations

import unicodedata

# Format characters that reorder or hide text (bidi embeddings, overrides and
# isolates, marks) and the Unicode line separators, which end a line in some
# terminals and editors. ZWJ (U+200D) stays: emoji need it.
_BIDI_AND_SEPARATORS = (
    [0x061C, 0x200E, 0x200F, 0x2028, 0x2029]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)


def _escape(char: str) -> str:
    """As Python writes it: \\x1b, \\u202e, \\U000e0001."""
    return repr(char)[1:-1] if char.isascii() or ord(char) < 0x100 else (
        f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")


def printable(text: object) -> str:
    """One line for a terminal: controls, format characters and lone surrogates become visible escapes."""
    text = str(text)
    if text.isascii() and text.isprintable():  # the common case, fast
        return text
    out = []
    for char in text:
        if char in "\n\t\r":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") and char != "\u200d":
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


def shortened(text: str, most: int = 40, ellipsis: str = "…") -> str:
    """A value quoted in a message: at most `most` characters, never a screenful."""
    return text if len(text) <= most else text[: most - len(ellipsis)] + ellipsis


def printable_lines(text: object) -> str:
    """printable() line by line, keeping the line breaks (multi-line messages)."""
    return "\n".join(printable(line) for line in str(text).split("\n"))


_JSON_ESCAPES: dict[int, str] | None = None


def json_safe(json_text: str) -> str:
    """JSON text whose strings carry no raw DEL, C1, format (bidi, zero-width, tag) or separator characters, nor lone surrogates.

    Escaping them as \\uXXXX keeps the JSON equal in meaning; json.dumps already
    escapes the C0 controls.
    """
    global _JSON_ESCAPES
    if json_text.isascii():
        return json_text.replace("\x7f", "\\u007f")
    if _JSON_ESCAPES is None:  # every format character (soft hyphen, zero-width, BOM, bidi, tags), built once
        codes = [c for c in range(0xA0, 0x10000) if unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp")]
        codes += list(range(0x7F, 0xA0)) + list(range(0xD800, 0xE000))
        _JSON_ESCAPES = {code: f"\\u{code:04x}" for code in codes}
        _JSON_ESCAPES.update({code: "\\u{:04x}\\u{:04x}".format(*_surrogate_pair(code))
                              for code in list(range(0xE0000, 0xE0080)) + list(range(0x1D173, 0x1D17B))})
    return json_text.translate(_JSON_ESCAPES)


def _surrogate_pair(code: int) -> tuple[int, int]:
    code -= 0x10000
    return 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)


# What a spreadsheet reads as the start of a formula (and tab/CR, which some read past).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(text: object) -> str:
    """A text cell for CSV: printable, and a leading formula character quoted with an apostrophe."""
    text = str(text)
    if text.lstrip("'").startswith(_FORMULA_START):  # '=x too, so that it comes back as '=x
        text = "'" + text
    return printable(text)


def csv_uncell(text: str) -> str:
    """Undo csv_cell's apostrophe, so an exported file imports back to the same names."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START):
        return text[1:]
    return text


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#!&"})  # &: "&rlm;" stays text


def markdown_text(text: object) -> str:
    """Inline Markdown: printable, and every character that could start markup, a link or HTML escaped."""
    return printable(text).translate(_MARKDOWN_SPECIAL)


def html_text(text: object) -> str:
    """Text (or an attribute value) in HTML: printable, then &, <, >, " and ' as entities, so a
    name such as <script> or " onmouseover= shows as what it is and never becomes markup."""
    import html

    return html.escape(printable(text), quote=True)
