"""What git merges settled by rule (okrtui conflicts), to look at and dismiss."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...domain.safetext import printable
from ..actions import bindings, key_for
from ..widgets.footer import KeyFooter
from ..widgets.lists import RowList
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

RULE = ("When both sides changed the same thing, the side merged in first (already pushed) was kept;"
        " the other value is shown here. Dismiss what you have looked at; t takes the other side's value of a"
        " KPI's day.")


class ConflictsScreen(OkrScreen):
    SCREEN_NAME = "conflicts"
    BINDINGS = bindings("conflicts")
    AUTO_FOCUS = "#conflicts"
    DRAWS_STORE = True

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="conflicts-pane"):
            yield Label(RULE, markup=False, classes="hint")
            yield RowList(id="conflicts")
            yield Label("No merge conflicts: esc goes back.", id="none", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "merge conflicts"
        self.query_one("#conflicts", OptionList).border_title = "Merge conflicts"
        self.reload()

    def reload(self) -> None:
        from ...git.merge import conflict_words

        repo = self.read_to_draw()
        if repo is None:
            return
        try:
            conflicts = repo.conflicts()
        except Exception as exc:  # a values file that cannot be read: say so, show nothing
            self.notify(str(exc), title="Store unreadable", severity="error")
            conflicts = []
        listing = self.query_one("#conflicts", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for conflict_id, record in conflicts:
            listing.add_option(Option(Content(printable(f"{conflict_id}  {conflict_words(record)}")), id=conflict_id))
        self.query_one("#none", Label).display = not conflicts
        listing.display = bool(conflicts)
        if conflicts and highlighted is not None:
            listing.highlighted = min(highlighted, listing.option_count - 1)
        listing.border_subtitle = f"{len(conflicts)} to look at" if conflicts else ""

    def _dismiss(self, ids: list[str]) -> None:
        if not ids:
            self.notify("No conflict to dismiss.", severity="warning")
            return
        if self.okr.write(lambda repo: repo.dismiss_conflicts(ids)) is not None:
            self.notify(f"Dismissed {len(ids)} conflict{'s' if len(ids) != 1 else ''}.")
        self.reload()

    def action_dismiss_one(self) -> None:
        listing = self.query_one("#conflicts", OptionList)
        option = listing.highlighted_option
        self._dismiss([option.id] if option is not None and option.id else [])

    def action_dismiss_all(self) -> None:
        listing = self.query_one("#conflicts", OptionList)
        self._dismiss([listing.get_option_at_index(i).id for i in range(listing.option_count)
                       if listing.get_option_at_index(i).id])

    def action_take_other(self) -> None:
        """t: the other side's value of a KPI's day in place of the kept one (okrtui conflicts --take);
        a conflict in a plan's field is refused in words (change it by hand, then dismiss it)."""
        option = self.query_one("#conflicts", OptionList).highlighted_option
        if option is None or not option.id:
            self.notify("No conflict to take the other side of.", severity="warning")
            return
        conflict_id = option.id
        done = self.okr.write(lambda repo: repo.take_other(conflict_id))
        if done:
            self.notify(f"Conflict {conflict_id}: {done} ({key_for(self.app, 'conflicts.undo')} undoes).")
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)
