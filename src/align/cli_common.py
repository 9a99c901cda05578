"""What every ``align`` command module shares: domain errors become one readable message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from align.errors import AlignError


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn AlignError into ClickException: the message already says what failed and the fix."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AlignError as error:
            raise click.ClickException(str(error)) from error

    return wrapper
