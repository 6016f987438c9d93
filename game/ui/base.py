"""Base classes for the app's screens."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen


class _SafeDismiss:
    """A screen dismisses itself only while it is on top: a key pressed twice in a hurry
    (⏎ ⏎ on a list) must not close the screen below it as well."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if not self.is_active:  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]


ResultType = TypeVar("ResultType")


class AppScreen(_SafeDismiss, Screen[ResultType], Generic[ResultType]):
    pass


class AppModal(_SafeDismiss, ModalScreen[ResultType], Generic[ResultType]):
    pass
