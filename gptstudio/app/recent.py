"""The recent-projects list (File ▸ Recent projects): newest first, no repeats, a few names."""

from __future__ import annotations

from collections.abc import Callable, Iterable

MAX_RECENT = 8


class RecentProjects:
    """The list is kept where `load`/`save` keep it (the window's settings file): this object only
    decides what the list becomes."""

    def __init__(self, load: Callable[[], Iterable[str] | str | None],
                 save: Callable[[list[str]], None], limit: int = MAX_RECENT):
        self._load, self._save, self.limit = load, save, limit

    def names(self) -> list[str]:
        value = self._load()
        # A settings file stores a one-item list as a bare string.
        return [value] if isinstance(value, str) else list(value or [])

    def remember(self, name: str) -> list[str]:
        names = [name, *(n for n in self.names() if n != name)][:self.limit]
        self._save(names)
        return names

    def forget(self, name: str) -> list[str]:
        names = [n for n in self.names() if n != name]
        self._save(names)
        return names
