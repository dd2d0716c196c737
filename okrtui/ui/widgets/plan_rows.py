"""A frozen plan's changes on the screens (review, an objective's detail): one line per change,
marked by a glyph and words, numbers whole, text through the sanitiser."""

from __future__ import annotations

from textual.content import Content
from textual.widgets.option_list import Option

from ...domain.models import KeyResult, Objective
from ...domain.plan import grade_words
from ...planwords import kr_change_texts
from ...textfmt import fit, printable


def change_lines(objective: Objective, kr: KeyResult, indent: str = "") -> list[Content]:
    """'✎ target lowered $180k → $150k on 2026-11-20 by Mei Lin' for each recent change of the key result."""
    return [Content.assemble(indent, (printable(text), "$warning")) for text in kr_change_texts(objective, kr)]


def change_options(objective: Objective, kr: KeyResult, width: int) -> list[Option]:
    """The review list's rows under a key result: not to be highlighted, wrapped to the width under
    the change's first word, never cut (at 60 columns "by Mei Lin" goes to a second line)."""
    options = []
    for text in kr_change_texts(objective, kr):
        lines = Content(printable(text)).wrap(max(12, width - 9))
        options.append(Option(Content("\n").join(  # padded to the row's width, as the other rows are
            Content.assemble("       " if index == 0 else "         ",
                             (fit(line.plain, width - (7 if index == 0 else 9)), "$warning"))
            for index, line in enumerate(lines)), disabled=True))
    return options


def grade_line(objective: Objective, cap: float) -> list[Content]:
    """The suggested grade against today's targets and the frozen plan's, when they can differ
    (cap: config.toml's guard_cap, when a guard KPI went critical)."""
    text = grade_words(objective, cap)
    return [] if text is None else [Content.assemble(("✎ ", "$warning"), printable(text))]


def grade_note(objective: Objective, cap: float) -> str:
    """The same, as a sentence for the review screen's note ("" when the plan did not change)."""
    text = grade_words(objective, cap)
    return "" if text is None else f" ✎ Plan changed since it froze: {printable(text)}."
