"""Writing export files where the user asked: a file, a folder, or standard output (``-``).

The CLI's conventions in one place: ``-`` is stdout (one-file formats only); a file goes to
``output`` or, when that is a folder, into it; several files go into the folder ``output``.
A missing parent folder is an error, never created silently (a typo would scatter files).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from align.errors import FormatError

STDOUT = "-"


def write_outputs(
    files: dict[str, str], output: str | Path, folder: bool = False, stdout: TextIO | None = None
) -> list[str]:
    """Write ``{relative path: text}`` to ``output``; the paths written (``-`` for stdout).

    ``folder``: the format always writes a folder (InterText, gold), even for one file.
    """
    if str(output) == STDOUT:
        return [_to_stdout(files, folder, stdout or sys.stdout)]
    output = Path(output)
    if not folder and len(files) == 1:
        ((name, text),) = files.items()
        target = output / name if output.is_dir() else output
        _check_parent(target)
        _write(target, text)
        return [str(target)]
    return _to_folder(files, output)


def _to_stdout(files: dict[str, str], folder: bool, stream: TextIO) -> str:
    if folder or len(files) != 1:
        raise FormatError(
            f"this format writes {len(files)} files ({', '.join(files)}), which standard "
            "output cannot hold; give a folder with -o."
        )
    stream.write(next(iter(files.values())))
    stream.flush()
    return STDOUT


def _to_folder(files: dict[str, str], output: Path) -> list[str]:
    if output.exists() and not output.is_dir():
        raise FormatError(
            f"{output} is a file; this format writes {len(files)} files, so give a folder."
        )
    _check_parent(output)
    written = []
    for name, text in files.items():
        target = output.joinpath(*Path(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)  # the format's own sub-folders
        _write(target, text)
        written.append(str(target))
    return written


def _check_parent(target: Path) -> None:
    parent = target.parent
    if not parent.is_dir():
        raise FormatError(
            f"cannot write {target}: the folder {parent} does not exist; create it first "
            f"(mkdir -p {parent}) or choose another place."
        )


def _write(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise FormatError(f"cannot write {target}: {error.strerror}.") from None
