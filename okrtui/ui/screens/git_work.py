"""The dashboard's git: whether the store has changes git has not committed or pushed (the title's
"● not synced (S)"), and S, which syncs. Git may wait on the network, so both run in thread
workers and report by their state's message (Worker.StateChanged): the screen never waits.

One sync at a time: a thread worker cannot be cancelled (its thread runs on), so a second S while
a sync runs is refused in words; what says one runs is the sync group's running worker, not a flag
kept by hand. Nor does the status check start then: git status would wait on the index lock a
sync holds."""

from __future__ import annotations

from textual import work
from textual.worker import Worker, WorkerState

from ...store.errors import StoreError

STATUS_GROUP = "git"
SYNC_GROUP = "sync"


class GitWork:
    """For a screen (the dashboard) that shows the unsynced mark in its title (show_title) and syncs."""

    unsynced = False  # the store has changes git has not committed or pushed (S syncs)

    def show_title(self) -> None:
        raise NotImplementedError

    def sync_running(self) -> bool:
        return any(worker.group == SYNC_GROUP and worker.node is self and worker.is_running
                   for worker in self.workers)  # type: ignore[attr-defined]

    def check_sync(self) -> None:
        if not self.sync_running():
            self._sync_state()

    @work(thread=True, exclusive=True, group=STATUS_GROUP, exit_on_error=False)
    def _sync_state(self) -> bool:
        from ...git.sync import has_unsynced_changes

        return bool(has_unsynced_changes(self.okr.store))  # type: ignore[attr-defined]

    def action_sync(self) -> None:
        if self.sync_running():
            self.notify("A sync is running: its result comes in a moment.", severity="warning")  # type: ignore[attr-defined]
            return
        self.notify("Syncing with git…", timeout=3)  # type: ignore[attr-defined]
        self._sync()

    @work(thread=True, exclusive=True, group=SYNC_GROUP, exit_on_error=False)
    def _sync(self) -> tuple[list[str], str]:
        from ...git.run import GitError
        from ...git.sync import sync

        try:
            return sync(self.okr.store), ""  # type: ignore[attr-defined]
        except (GitError, StoreError, OSError) as exc:
            return [], str(exc)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state != WorkerState.SUCCESS or worker.node is not self:
            return
        if worker.group == STATUS_GROUP:
            self.unsynced = worker.result
            self.show_title()
        elif worker.group == SYNC_GROUP:
            self._synced(*worker.result)

    def _synced(self, lines: list[str], problem: str) -> None:
        if problem:
            self.notify(problem, title="Not synced", severity="error", timeout=12)  # type: ignore[attr-defined]
        else:
            shown = lines[:3] + ([f"and {len(lines) - 3} more: okrtui sync prints them all"] if len(lines) > 3 else [])
            self.notify("; ".join(shown), title="Synced", timeout=8)  # type: ignore[attr-defined]
        self.okr.check_store()  # type: ignore[attr-defined]
        self.check_sync()
