"""Peak memory of ``align align`` on a 30,000-sentence prose pair (DESIGN §6: at most 2 GB).

    .venv/bin/python bench/prose_memory.py                  # 30,000 Chinese sentences
    .venv/bin/python bench/prose_memory.py --sentences 10000 --model e5-small

The six MAC-Dev chapters (novel prose full of dialogue such as 韦小宝笑道：…) are concatenated
and repeated until the Chinese side has N lines, written as two sentence-per-line files, and
``align align`` runs on them in a child process, exactly as a user runs it. Its peak resident
memory (``ru_maxrss`` of the child, models included) and wall time are printed, with the
sentence and link counts, which show the files were read one sentence per line. The embedder's
on-disk cache is used as a user's would be: a repeated sentence is encoded once, so after a
first run the figure measures reading, the aligner and the loaded models rather than the
encoder.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "mac-dev"
LIMIT_MB = 2048
RUN_CLI = "import sys; from align.cli import main; sys.argv[0] = 'align'; main()"


def repeated_lines(lang: str, copies: int) -> list[str]:
    """All MAC-Dev chapters of one language, ``copies`` times over."""
    chapters = sorted(path for path in (DEV / lang).iterdir() if path.is_file())
    lines = [line for path in chapters for line in path.read_text(encoding="utf-8").splitlines()]
    return lines * copies


def write_pair(folder: Path, sentences: int) -> tuple[Path, Path, int, int]:
    """Write the repeated pair; its Chinese side has at least ``sentences`` lines."""
    one_copy = len(repeated_lines("zh", 1))
    copies = -(-sentences // one_copy)
    counts = []
    paths = []
    for lang in ("zh", "en"):
        lines = repeated_lines(lang, copies)
        path = folder / f"{lang}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
        counts.append(len(lines))
    return paths[0], paths[1], counts[0], counts[1]


def run_align(zh: Path, en: Path, out: Path, model: str | None) -> tuple[float, float, str]:
    """Run ``align align`` in a child process; (seconds, peak RSS in MB, its stderr)."""
    command = [sys.executable, "-c", RUN_CLI, "align", str(zh), str(en), "-o", str(out)]
    if model:
        command += ["--model", model]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"align align failed ({done.returncode}):\n{done.stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=30_000)
    parser.add_argument("--model", help="embedding model (default: ALIGN_MODEL or e5+USE-m)")
    args = parser.parse_args()
    if not DEV.is_dir():
        sys.exit(f"MAC-Dev not found at {DEV}")
    with tempfile.TemporaryDirectory(prefix="prose_memory_") as scratch:
        folder = Path(scratch)
        zh, en, n_zh, n_en = write_pair(folder, args.sentences)
        seconds, peak_mb, stderr = run_align(zh, en, folder / "links", args.model)
        links = (folder / "links").read_text(encoding="utf-8").splitlines()
        covered = sum(line.split("]:[")[0].count("zh-") for line in links)
    verdict = "within" if peak_mb <= LIMIT_MB else "OVER"
    print(f"Chinese lines {n_zh:,}, English lines {n_en:,}")
    print(f"links {len(links):,}, Chinese sentences in links {covered:,} (one per line)")
    print(f"align align: {seconds:.0f} s, peak RSS {peak_mb:.0f} MB ({verdict} {LIMIT_MB} MB)")
    for line in stderr.splitlines():
        if line.startswith("warning"):
            print(line[:200])


if __name__ == "__main__":
    main()
