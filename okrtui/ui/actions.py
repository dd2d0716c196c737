"""The one table of keys and actions.

Screens take their BINDINGS from it, the help screen lists it, and the
command palette offers it, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding


@dataclass(frozen=True)
class KeyAction:
    key: str  # Textual key names, comma-separated for aliases
    action: str  # action method on the screen, without the action_ prefix
    label: str  # short, for the footer
    help: str  # a sentence, for the help screen and the palette
    display: str = ""  # how the key is written for people, if not `key`
    footer: bool = True  # shown in the footer
    listed: bool = True  # shown in help and the palette (False: keys for screens still to come)
    priority: bool = False  # wins over the focused widget (ctrl+s while typing)
    name: str = ""  # the binding id's second half, when the action's own name will not do
    title: str = ""  # the palette's name for it, when the footer label is too short to be clear

    @property
    def shown_key(self) -> str:
        return self.display or self.key

    @property
    def palette_title(self) -> str:
        return self.title or self.label

    def binding_id(self, section: str) -> str:
        """`section.name`, the id a config file's [keys] table rebinds (Textual keymaps)."""
        if self.action == "help":
            return "help"  # one binding on every screen
        if self.action == "command_palette":
            return ""  # Textual's own binding (ctrl+p), not rebindable from [keys]
        return f"{section}.{self.name or ACTION_NAMES.get(self.action, self.action.split('.')[-1])}"


# Ids for actions that take arguments; the rest are named by their action.
ACTION_NAMES = {
    "answer(True)": "yes", "answer(False)": "no", "app.undo(True)": "undo", "app.undo(False)": "redo",
    "period(-1)": "previous_period", "period(1)": "next_period", "step(-1)": "previous_step", "step(1)": "next_step",
    "range(30)": "range_30d", "range(90)": "range_90d", "range(365)": "range_1y", "range(0)": "range_all",
    "skip(1)": "skip", "skip(-1)": "back",
}


# q is a letter in a text field: there it is typed, and ctrl+q (Textual's own binding) quits
QUIT = KeyAction("q", "quit", "Quit", "Quit okrtui (ctrl+q too, also while typing); asks first if typed text would"
                 " be lost", footer=False)
GLOBAL = [
    KeyAction("question_mark,f1", "help", "Help", "Show every key of this screen (f1 works while typing)", display="? f1"),
    QUIT,
    KeyAction("ctrl+p", "command_palette", "Palette", "Search every action (and themes, keys, quit)",
              footer=False),
]

# Every screen that changes data undoes and redoes with the same keys (quick entry: ctrl+z, as u is typed there).
UNDO = KeyAction("u", "app.undo(True)", "Undo", "Undo the last change made through okrtui (again: one further back)")
REDO = KeyAction("U", "app.undo(False)", "Redo", "Redo what undo undid", display="shift+u", footer=False)

ACTIONS: dict[str, list[KeyAction]] = {
    "dashboard": [
        KeyAction("n", "new_objective", "New", "Plan a new objective (the road trip)", title="New objective"),
        KeyAction("enter", "open", "Open", "Open the highlighted objective", footer=False, title="Open objective"),
        KeyAction("e", "edit", "Edit", "Edit the highlighted objective", title="Edit objective"),
        KeyAction("c", "checkin", "Check in", "Check in on the highlighted key result"),
        KeyAction("d", "delete", "Delete", "Delete the highlighted objective (asks first)", title="Delete objective"),
        KeyAction("left_square_bracket", "period(-1)", "Period", "Previous period", display="[",
                  title="Previous period"),
        KeyAction("right_square_bracket", "period(1)", "Next period", "Next period", display="]", footer=False),
        KeyAction("slash", "filter", "Filter", "Filter objectives by text", display="/", footer=False),
        KeyAction("ctrl+o", "filter_scope", "All periods", "While filtering: search every period, or this one again",
                  footer=False, priority=True),
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("l", "log_kpis", "Log", "Log today's KPI values, one after another (quick entry)"),
        KeyAction("tab", "app.focus_next", "Pane", "Move between the objectives and the KPI pane (which has its own keys)",
                  title="Switch pane (objectives / KPIs)"),
        KeyAction("r", "review", "Review", "Review the period: grades, statuses, carry-over", footer=False),
        KeyAction("t", "tree", "Tree", "The alignment tree: the period's objectives under the objective or key result"
                  " they serve", footer=False, title="Alignment tree"),
        KeyAction("m", "whose", "Whose", "Show all objectives and KPIs, only mine, or my team's (the title says which;"
                  " okrtui whoami says who you are)", footer=False, title="Show all / mine / my team's"),
        replace(UNDO, footer=False),  # the dashboard's footer is full at 80 columns: help and the palette name it
        REDO,
        KeyAction("S", "sync", "Sync", "Commit the store's changes, pull the team's (merged by record) and push,"
                  " when the store sits in a git work tree", display="shift+s", footer=False, title="Sync with git"),
        KeyAction("exclamation_mark", "conflicts", "Conflicts", "What git merges settled by rule: look and dismiss",
                  display="!", footer=False, title="Merge conflicts"),
        replace(QUIT, footer=True),
    ],
    "conflicts": [
        KeyAction("x", "dismiss_one", "Dismiss", "Dismiss the highlighted conflict (you have looked at it)"),
        KeyAction("X", "dismiss_all", "Dismiss all", "Dismiss every conflict", display="shift+x"),
        KeyAction("t", "take_other", "Take theirs", "Put the other side's value in place of the kept one (a KPI's value"
                  " of a day) and dismiss the conflict", title="Take the other side's value"),
        UNDO,
        REDO,
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("escape", "back", "Back", "Back to the dashboard", display="esc"),
    ],
    # The KPI pane of the dashboard: its own keys while it has focus (tab reaches it).
    "kpis": [
        KeyAction("enter", "screen.kpi_open", "Open KPI", "Open the highlighted KPI: chart and history of values",
                  footer=False),
        KeyAction("a", "screen.kpi_add", "Add KPI", "Add a KPI (from a template or your own)"),
        KeyAction("e", "screen.kpi_edit", "Edit KPI", "Edit the highlighted KPI's definition"),
        KeyAction("d", "screen.kpi_delete", "Delete KPI", "Delete the highlighted KPI and its values (asks first)"),
        KeyAction("l", "screen.log_kpis", "Log", "Log today's KPI values (quick entry)", footer=False),
        KeyAction("p", "screen.kpi_promote", "KR from KPI", "Turn the KPI into a key result that follows it",
                  footer=False),
    ],
    "tree": [
        KeyAction("enter", "open", "Open", "Open the highlighted objective (on a key result: its objective)",
                  title="Open objective from the tree"),
        KeyAction("space", "toggle", "Fold", "Expand or collapse what is nested under the highlighted row",
                  display="spc", title="Expand or collapse"),
        KeyAction("asterisk", "expand_all", "Expand all", "Expand every row", display="*", footer=False),
        KeyAction("minus", "collapse_all", "Collapse all", "Collapse every row to its top level", display="-",
                  footer=False),
        KeyAction("right", "unfold", "Expand", "Expand the highlighted row", display="→", footer=False,
                  title="Expand the row"),
        KeyAction("left", "fold", "Collapse", "Collapse the highlighted row; collapsed already, move to its parent",
                  display="←", footer=False, title="Collapse the row"),
        KeyAction("shift+left", "to_parent", "To parent", "Move to the row the highlighted one serves",
                  display="shift+←", footer=False, title="Go to the parent row"),
        UNDO,
        REDO,
        KeyAction("left_square_bracket", "period(-1)", "Period", "The previous period's tree", display="[",
                  title="Previous period"),
        KeyAction("right_square_bracket", "period(1)", "Next period", "The next period's tree", display="]",
                  footer=False),
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("escape", "back", "Back", "Back to the dashboard", display="esc"),
    ],
    "review": [
        KeyAction("enter", "close", "Close", "Set the highlighted objective's status, final grade and reflection"),
        KeyAction("c", "carry", "Carry over", "Continue the objective in the next period from its closing values"),
        KeyAction("m", "make_kpi", "KPI from KR", "Make a KPI that keeps the level the highlighted key result reached"),
        KeyAction("o", "reopen", "Reopen", "Open the highlighted closed objective again (its final grade goes;"
                  " undo closes it again)", footer=False, title="Reopen objective"),
        UNDO,
        REDO,
        KeyAction("w", "write_report", "Report", "Write the period's Markdown report to a file here",
                  title="Write report"),
        KeyAction("i", "seed", "Initiative→next", "Turn one of the objective's initiatives into a draft objective of the"
                  " next period", footer=False),
        KeyAction("left_square_bracket", "period(-1)", "Period", "Review the previous period", display="[",
                  title="Previous period"),
        KeyAction("right_square_bracket", "period(1)", "Next period", "Review the next period", display="]",
                  footer=False),
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("escape", "back", "Back", "Back to the dashboard", display="esc"),
    ],
    "close": [
        KeyAction("ctrl+s", "save", "Save", "Close the objective with this status, grade and note", priority=True),
        KeyAction("escape", "cancel", "Cancel", "Close without saving", display="esc"),
    ],
    "carry": [
        KeyAction("space", "toggle", "Keep/drop", "Keep or drop the highlighted key result", display="spc"),
        KeyAction("t", "target", "Target", "Change the highlighted key result's target in the next period"),
        KeyAction("n", "rename", "Title", "Give the highlighted key result a new title in the next period (one whose"
                  " numbers no longer hold is marked ⚠)", footer=False),
        KeyAction("ctrl+s", "save", "Carry", "Carry the objective over with these key results", priority=True),
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("escape", "cancel", "Cancel", "Close without carrying", display="esc"),
    ],
    "log": [
        KeyAction("enter", "save_row", "Save", "Save the value for the date and move to the next KPI", footer=False),
        KeyAction("down", "skip(1)", "Skip", "Skip to the next KPI without saving", display="↓/tab"),
        KeyAction("up", "skip(-1)", "Back", "Back to the previous KPI", display="↑", footer=False),
        KeyAction("ctrl+t", "date", "Date", "Change the date the values are for (back-fill)", priority=True),
        # u is a letter in the value field: undo takes ctrl+z here
        KeyAction("ctrl+z", "undo", "Undo", "Undo the last change (a value just logged: back to its row)",
                  footer=False, priority=True),
        KeyAction("escape", "leave", "Done", "Leave quick entry", display="esc"),
    ],
    "kpi_form": [
        KeyAction("ctrl+s", "save", "Save", "Save the KPI", priority=True),
        KeyAction("tab", "app.focus_next", "Next field", "Move to the next field", footer=False),
        KeyAction("shift+tab", "app.focus_previous", "Prev field", "Move to the previous field", footer=False),
        KeyAction("escape", "cancel", "Cancel", "Close without saving", display="esc"),
    ],
    "kpi_detail": [
        KeyAction("1", "range(30)", "30d", "Chart the last 30 days"),
        KeyAction("2", "range(90)", "90d", "Chart the last 90 days", footer=False),
        KeyAction("3", "range(365)", "1y", "Chart the last year", footer=False),
        KeyAction("4", "range(0)", "All", "Chart the whole history", footer=False),
        KeyAction("c", "correct", "Correct", "Correct the highlighted value (or add one for a date)"),
        KeyAction("x", "delete_value", "Delete value", "Delete the highlighted value (asks first)"),
        KeyAction("e", "edit", "Edit KPI", "Edit the KPI's definition"),
        KeyAction("p", "promote", "To KR", "Turn the KPI into a key result that follows it", footer=False),
        UNDO,
        REDO,
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("escape", "back", "Back", "Back to the dashboard", display="esc"),
    ],
    "value": [
        KeyAction("ctrl+s", "save", "Save", "Save this date's value and note (it replaces the one there)", priority=True),
        KeyAction("escape", "cancel", "Cancel", "Close without saving", display="esc"),
    ],
    "pick": [
        KeyAction("escape", "cancel", "Cancel", "Close without choosing", display="esc"),
    ],
    "detail": [
        KeyAction("e", "edit", "Edit", "Edit every field of this objective"),
        KeyAction("c", "checkin", "Check in", "Check in on the highlighted key result"),
        KeyAction("space", "toggle_initiative", "Cycle", "Cycle the highlighted initiative: todo, doing, done",
                  display="spc", title="Cycle initiative"),
        KeyAction("d", "delete", "Delete", "Delete this objective (asks first)"),
        UNDO,
        REDO,
        KeyAction("left_square_bracket", "step(-1)", "Prev/next", "Previous objective of the period", display="[",
                  name="previous_objective", title="Previous objective"),
        KeyAction("right_square_bracket", "step(1)", "Next", "Next objective of the period", display="]", footer=False,
                  name="next_objective", title="Next objective"),
        KeyAction("tab", "app.focus_next", "Pane", "Switch between key results and initiatives", footer=False),
        KeyAction("j", "cursor_down", "Down", "Move down", display="j/↓", footer=False),
        KeyAction("k", "cursor_up", "Up", "Move up", display="k/↑", footer=False),
        KeyAction("escape", "back", "Back", "Back to the dashboard", display="esc"),
    ],
    "wizard": [
        KeyAction("ctrl+s", "save", "Save", "Save the objective (from any step)", priority=True),
        # Not ctrl+b or ctrl+a: tmux and screen take those for themselves.
        KeyAction("pagedown,ctrl+n", "step(1)", "Next step", "Go to the next step", display="pgdn",
                  priority=True),
        KeyAction("pageup", "step(-1)", "Prev step", "Go to the previous step", display="pgup", priority=True),
        KeyAction("tab", "app.focus_next", "Next field", "Move to the next field", footer=False),
        KeyAction("shift+tab", "app.focus_previous", "Prev field", "Move to the previous field", footer=False),
        KeyAction("delete", "remove_item", "Remove", "Remove the highlighted key result or initiative", display="del",
                  footer=False),
        KeyAction("enter", "edit_item", "Edit KR", "On a key result in the list: load it into the form to change it",
                  footer=False),
        KeyAction("escape", "back", "Back", "Leave (asks before throwing away typed text)", display="esc"),
    ],
    "checkin": [
        KeyAction("ctrl+s", "save", "Save", "Save the check-in", priority=True),
        KeyAction("escape", "cancel", "Cancel", "Close without saving", display="esc"),
    ],
    "confirm": [
        KeyAction("y", "answer(True)", "Yes", "Yes, go ahead"),
        KeyAction("n", "answer(False)", "No", "No, keep it"),
        KeyAction("escape", "answer(False)", "Cancel", "Cancel", display="esc", footer=False, name="cancel"),
    ],
    "help": [
        KeyAction("escape,question_mark,f1", "close", "Close", "Close help", display="esc"),
        KeyAction("j", "scroll_down", "Down", "Scroll down (pgdn a page)", display="j/↓", footer=False),
        KeyAction("k", "scroll_up", "Up", "Scroll up (pgup a page)", display="k/↑", footer=False),
    ],
}

# What changes data (the store, or a file it writes): a read-only app (okrtui --read-only, okrtui serve
# --read-only) refuses these with a notice, and the footer, help and palette do not offer them. The dialogs
# that save (wizard, check-in, quick entry, forms) open only through these, so they are never reached.
_UNDO_REDO = ("app.undo(True)", "app.undo(False)")
CHANGES_DATA: dict[str, tuple[str, ...]] = {
    "dashboard": ("new_objective", "edit", "checkin", "delete", "log_kpis", "sync", *_UNDO_REDO),
    "kpis": ("screen.kpi_add", "screen.kpi_edit", "screen.kpi_delete", "screen.log_kpis", "screen.kpi_promote"),
    "conflicts": ("dismiss_one", "dismiss_all", "take_other", *_UNDO_REDO),
    "tree": _UNDO_REDO,
    "review": ("close", "carry", "make_kpi", "reopen", "write_report", "seed", *_UNDO_REDO),
    "kpi_detail": ("correct", "delete_value", "edit", "promote", *_UNDO_REDO),
    "detail": ("edit", "checkin", "toggle_initiative", "delete", *_UNDO_REDO),
}


def bare_action(action: str) -> str:
    """"app.undo(True)" -> "undo", "screen.kpi_add" -> "kpi_add": the method's name."""
    return action.split("(")[0].rsplit(".", 1)[-1]


def changes_data(sections: list[str], action: str) -> bool:
    """Whether an action (as bound, or as the method's bare name) of these sections changes data."""
    name = bare_action(action)
    return any(name == bare_action(item) for section in sections for item in CHANGES_DATA.get(section, ()))


TYPING_SCREENS = {"wizard", "checkin", "log", "kpi_form", "value", "close"}

SCREEN_TITLES = {
    "dashboard": "Dashboard",
    "detail": "Objective",
    "wizard": "Plan an objective",
    "checkin": "Check in",
    "kpis": "KPI pane",
    "review": "Review",
    "close": "Close an objective",
    "carry": "Carry over",
    "log": "Quick entry",
    "kpi_form": "KPI",
    "kpi_detail": "KPI detail",
    "value": "Value",
    "pick": "Choose",
    "conflicts": "Merge conflicts",
    "tree": "Alignment tree",
    "confirm": "Confirm",
    "help": "Help",
}


# Words that help shows under a screen's keys: what the screen's signs mean.
TREND_NOTE = ("↗ improving / ↘ worsening: the newer half of the last 14 values against the older half, measured on "
              "the KPI's own scale (the widest gap between its target, warning and critical levels, else the spread "
              "of those values); a move under a tenth of that scale is → flat. ◎ on target: at or beyond the target. "
              "◷ stale: no value within the cadence.")
KPI_COLUMNS_NOTE = ("The KPI pane's columns, as a narrow pane heads them: last = recent values (a sparkline, oldest "
                    "left), now = the latest value, tgt = target, ↕ = trend, ♥ = health.")
TREE_NOTE = ("Each objective sits under the objective, or the key result (3.2), it serves; parents from an enclosing "
             "period (a year) show theirs in brackets. A parent's progress rolls up its children's when its roll-up is "
             "children or both (okrtui objective align --rollup). On the dashboard, ↑3 or ↑3.2 names a row's parent.")
NOTES = {
    "dashboard": [KPI_COLUMNS_NOTE, TREND_NOTE],
    "tree": [TREE_NOTE],
    "kpi_detail": [TREND_NOTE],
    "log": ["Five KPIs take the digits plus five enters, with l to open and esc to leave. A value for a date that "
            "has one replaces it. ctrl+t back-fills another date. The rows keep their order all day.",
            "A value far outside the KPI's last 90 days (by more than their range) is saved and marked ⚠ in its row "
            "and below: ctrl+z undoes it and goes back to its row."],
}

PANES = {"dashboard": ["kpis"]}  # panes whose keys help lists after the screen's own
NO_GLOBAL = ("kpis",)  # a pane: the screen it is on has the global keys


def global_actions(screen: str) -> list[KeyAction]:
    """The keys every screen has (help, quit, the palette), less those the screen binds itself:
    the dashboard's own q shows in its footer; help's own ? and f1 close it."""
    if screen in NO_GLOBAL:
        return []
    own = {item.action for item in ACTIONS[screen]}
    keys = {key for item in ACTIONS[screen] for key in item.key.split(",")}
    return [item for item in GLOBAL if item.action not in own and not set(item.key.split(",")) & keys]


def actions_for(screen: str) -> list[KeyAction]:
    return ACTIONS[screen] + global_actions(screen)


def bindings(screen: str) -> list[Binding]:
    out = []
    extra = global_actions(screen)
    for item in ACTIONS[screen] + extra:
        if item.action == "command_palette":
            continue  # Textual's own binding (ctrl+p)
        if item.action == "help":
            # First, so the footer keeps it when a narrow terminal cuts the rest. Where the cursor
            # sits in a text field, ? is typed: the footer names f1 there.
            out.insert(0, Binding(item.key, "help", item.label, key_display="f1" if screen in TYPING_SCREENS else "?",
                                  id="help"))
            continue
        out.append(
            Binding(item.key, item.action, item.label, show=item.footer, key_display=item.display or None,
                    priority=item.priority, id=item.binding_id(screen))
        )
        if item.key == "j":
            out.append(Binding("down", item.action, item.label, show=False))
        if item.key == "k":
            out.append(Binding("up", item.action, item.label, show=False))
    return out


def binding_ids() -> set[str]:
    """Every id a config file may rebind."""
    ids = set()
    for section in ACTIONS:
        ids.update(item.binding_id(section) for item in actions_for(section))
    return ids - {""}


def keys_in_force(app, section: str, item: KeyAction) -> str:
    """How help and the palette write an action's keys: the config's [keys] when it rebinds them."""
    rebound = getattr(app, "keys_rebound", {}).get(item.binding_id(section))  # appearance.apply_keymap's
    if not rebound:
        return item.shown_key
    return "/".join(app.get_key_display(Binding(key.strip(), "")) for key in rebound.split(","))


def keymap_clashes(keymap: dict[str, str]) -> list[str]:
    """Keys that the config's [keys] leave bound to two actions of one screen, in words."""
    problems = []
    for section in ACTIONS:
        owners: dict[str, list[str]] = {}
        entries = [(item.binding_id(section), item.key) for item in actions_for(section) if item.binding_id(section)]
        for binding_id, default in entries:
            for key in keymap.get(binding_id, default).split(","):
                owners.setdefault(key, []).append(binding_id)
        for key, ids in owners.items():
            rebound = [i for i in ids if i in keymap]
            if len(ids) > 1 and rebound:
                problems.append(f"[keys] {key} is bound to {' and '.join(ids)}; the first wins")
    return problems


def key_for(app, binding_id: str) -> str:
    """The keys in force for one binding id ("wizard.next_step"), for hints written in words."""
    section = binding_id.split(".")[0]
    item = next(item for item in actions_for(section) if item.binding_id(section) == binding_id)
    return keys_in_force(app, section, item)


def listed(screen: str, read_only: bool = False) -> list[KeyAction]:
    """What help and the palette show for a screen (read-only: less what changes data)."""
    return [item for item in actions_for(screen) if item.listed
            and not (read_only and changes_data([screen], item.action))]
