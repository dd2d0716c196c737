"""The alignment tree: the period's objectives nested under the objective or key result they
serve (domain/alignment.tree), their parents from enclosing periods above them. Each row has
its id, title, progress (a bar and a number), owner and status; space folds a row, enter opens
an objective."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Tree
from textual.widgets.tree import TreeNode

from ...domain.alignment import Node, children_of, tree
from ...domain.models import Objective
from ...domain.people import kr_owner
from ...domain.summary import summarize
from ...textfmt import cell_width, fit, fit_words, percent, printable, progress_bar, squeeze
from ..actions import bindings
from ..widgets.footer import KeyFooter
from ..widgets.rows import objective_state
from ..widgets.title_bar import TitleBar
from .base import OkrScreen

CHROME = 6  # the tree's border, padding and scrollbar gutter
GUIDE = 4  # the columns each level of nesting takes (Tree.guide_depth)
ICON = 2  # ▶ or ▼ before a row that has rows under it
OWNER_MOST = 16


@dataclass(frozen=True)
class Row:
    """One row of the tree, as words: what a label is drawn from for any width."""

    key: str  # "o:3" or "k:3.2"
    ident: str
    title: str
    progress: float | None
    owner: str
    state: str
    depth: int
    nested: bool  # has rows under it (an icon before it)


def rows_of(nodes: list[Node], period: str, states: dict[int, str], depth: int = 0,
            parent: Objective | None = None) -> list[Row]:
    """Every node as a Row, depth first: an objective of another period names it first."""
    out = []
    for node in nodes:
        o = node.objective
        if o is None:  # a key result that children serve
            kr = next((k for k in parent.key_results if k.id == node.kr_id), None) if parent else None
            owner = kr_owner(kr, parent) if kr is not None and parent is not None else ""
            out.append(Row(f"k:{node.kr_id}", node.kr_id, printable(node.kr_title), node.progress, printable(owner),
                           "◆ key result", depth, bool(node.children)))
            out += rows_of(node.children, period, states, depth + 1, parent)
            continue
        title = printable(o.title) if o.period == period else f"[{o.period}] {printable(o.title)}"
        out.append(Row(f"o:{o.id}", str(o.id), title, node.progress, printable(o.owner), states.get(o.id, ""), depth,
                       bool(node.children)))
        out += rows_of(node.children, period, states, depth + 1, o)
    return out


def _objective_ids(nodes: list[Node]):
    for node in nodes:
        if node.objective is not None:
            yield node.objective.id
        yield from _objective_ids(node.children)


def row_label(row: Row, width: int, owner_width: int, state_width: int) -> Text:
    """The row in `width` columns (what the guides and icon leave): id and percent are never cut;
    the bar gives way first, then the owner, then the status words (down to the glyph)."""
    ident = row.ident + " "
    title_width, (bar, owner, state) = squeeze(width - cell_width(ident) - 5, 10,
                                               [(7, 0), (owner_width + 1, 0), (state_width + 1, 2)])
    if bar < 5:  # a bar of a cell or two says nothing: the title has it
        title_width, bar = title_width + bar, 0
    if owner < 6:
        title_width, owner = title_width + owner, 0
    text = Text(no_wrap=True, end="")
    text.append(ident, style="bold" if row.key.startswith("o:") else "")
    text.append(fit(row.title, title_width), style="bold" if row.key.startswith("o:") else "")
    if bar > 1:
        text.append(" " + progress_bar(row.progress, bar - 1))
    text.append(" " + percent(row.progress))
    if owner > 1:
        text.append(" " + fit(row.owner or "–", owner - 1))
    if state > 1:
        text.append(" " + fit_words(row.state, state - 1))
    text.rstrip()
    return text


class AlignmentTree(Tree, inherit_bindings=False):
    """Textual's Tree, its rows never read as markup (labels are Text). Its own keys are the moves
    only: enter (open), space (fold) and the rest are the screen's, from the one table (actions.py)."""

    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("alignment", **kwargs)
        self.set_reactive(Tree.show_root, False)
        self.set_reactive(Tree.auto_expand, False)  # enter opens; space folds
        self.set_reactive(Tree.guide_depth, GUIDE)


class TreeScreen(OkrScreen):
    SCREEN_NAME = "tree"
    BINDINGS = bindings("tree")
    AUTO_FOCUS = "#tree"
    DRAWS_STORE = True

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.collapsed: set[str] = set()  # rows folded by hand: they stay folded when the tree redraws
        self.drawn_width = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="tree-pane"):
            yield AlignmentTree(id="tree")
            yield Label("", id="tree-empty", markup=False)
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#tree", AlignmentTree).border_title = "What each objective serves"
        self.reload()

    def on_resize(self) -> None:
        self.call_after_refresh(self._redraw_if_resized)

    def _redraw_if_resized(self) -> None:
        if self._label_room() != self.drawn_width:
            self.draw()

    def _label_room(self) -> int:
        return max(30, self.size.width - CHROME)

    def reload(self) -> None:
        repo = self.read_to_draw()
        if repo is None:
            return
        period = self.okr.period.key
        everything = repo.objectives()
        children = children_of(everything)
        today = self.okr.today()
        shown = {o.id for o in everything if o.period == period}
        nodes = tree(everything, shown)
        in_tree = set(_objective_ids(nodes))
        states = {o.id: objective_state(summarize(o, today, children))[0] for o in everything if o.id in in_tree}
        self.rows = rows_of(nodes, period, states)
        count = len(shown)
        self.sub_title = f"alignment · {period} · {count} objective{'s' if count != 1 else ''}"
        empty = self.query_one("#tree-empty", Label)
        empty.update(f"No objectives in {period} yet: [ and ] look at other periods; on the dashboard, n plans one"
                     " and its step 1 aligns it with a parent (okrtui objective align ID --parent 3 does too).")
        empty.display = not self.rows
        widget = self.query_one("#tree", AlignmentTree)
        widget.display = bool(self.rows)
        widget.border_subtitle = "space folds · enter opens" if self.rows else ""
        self.draw()

    def draw(self) -> None:
        widget = self.query_one("#tree", AlignmentTree)
        room = self.drawn_width = self._label_room()
        cursor = widget.cursor_node.data if widget.cursor_node is not None else None
        owner_width = min(OWNER_MOST, max([1, *(cell_width(r.owner or "–") for r in self.rows)]))
        state_width = max([1, *(cell_width(r.state) for r in self.rows)])
        widget.clear()
        parents: list[TreeNode] = [widget.root]
        line_of: dict[str, int] = {}
        for row in self.rows:
            del parents[row.depth + 1:]
            width = room - GUIDE * row.depth - (ICON if row.nested else 0)
            label = row_label(row, width, owner_width, state_width)
            node = parents[-1].add(label, data=row.key, expand=row.key not in self.collapsed,
                                   allow_expand=row.nested)
            parents.append(node)
            line_of.setdefault(row.key, node.id)
        widget.root.expand()
        if cursor in line_of:
            self.call_after_refresh(self._move_to, line_of[cursor])
        elif self.rows:
            self.call_after_refresh(self._move_to, widget.root.children[0].id)

    def _move_to(self, node_id) -> None:
        widget = self.query_one("#tree", AlignmentTree)
        node = widget.get_node_by_id(node_id)
        if node is not None and node.line >= 0:
            widget.move_cursor(node)

    # -- folding -----------------------------------------------------------------------------
    @on(Tree.NodeCollapsed)
    def _collapsed(self, event: Tree.NodeCollapsed) -> None:
        if event.node.data:
            self.collapsed.add(event.node.data)

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded) -> None:
        self.collapsed.discard(event.node.data)

    def action_toggle(self) -> None:
        self.query_one("#tree", AlignmentTree).action_toggle_node()

    def action_expand_all(self) -> None:
        self.collapsed.clear()
        for node in self.tree_nodes():
            node.expand()

    def action_collapse_all(self) -> None:
        widget = self.query_one("#tree", AlignmentTree)
        for node in widget.root.children:
            if node.allow_expand:
                node.collapse()
        self.collapsed = {node.data for node in widget.root.children if node.allow_expand}

    def tree_nodes(self) -> list[TreeNode]:
        out, stack = [], list(self.query_one("#tree", AlignmentTree).root.children)
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(node.children)
        return out

    def action_to_parent(self) -> None:
        self.query_one("#tree", AlignmentTree).action_cursor_parent()

    def action_fold(self) -> None:
        """left: fold the highlighted row, or, folded already (or with nothing under it), go to its parent."""
        widget = self.query_one("#tree", AlignmentTree)
        node = widget.cursor_node
        if node is not None and node.allow_expand and node.is_expanded:
            node.collapse()
        else:
            widget.action_cursor_parent()

    def action_unfold(self) -> None:
        node = self.query_one("#tree", AlignmentTree).cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_cursor_down(self) -> None:
        self.query_one("#tree", AlignmentTree).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#tree", AlignmentTree).action_cursor_up()

    # -- opening -------------------------------------------------------------------------------
    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        node = self.query_one("#tree", AlignmentTree).cursor_node
        key = node.data if node is not None else None
        if not key:
            self.notify("No objective here: [ and ] look at other periods.", severity="warning")
            return
        kind, _, ident = key.partition(":")
        objective_id = int(ident.split(".")[0])
        from .detail import DetailScreen

        ids = list(dict.fromkeys(int(r.key[2:]) for r in self.rows if r.key.startswith("o:")))
        self.app.push_screen(DetailScreen(objective_id, ids, ident if kind == "k" else None))

    def action_period(self, step: int) -> None:
        if self.okr.step_period(step):
            self.collapsed.clear()
            self.reload()

    def action_back(self) -> None:
        self.dismiss(None)
