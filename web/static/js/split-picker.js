// Split picker: inside the current row, a boundary mark between sentences on each side; the
// chosen boundaries cut the link in two. Keys: ←/→ move the boundary, Tab switches side, Enter
// splits, Esc cancels; marks and buttons work with the mouse too.

export class SplitPicker {
  constructor(onApply) {
    this.onApply = onApply; // ({key, src_cut, tgt_cut}) => void
    this.state = null;
  }

  isOpen() {
    return this.state !== null;
  }

  /** Open on a row element with its data; `side` is the side the arrows act on first. */
  open(element, row, side) {
    this.close();
    const counts = { src: row.src.length, tgt: row.tgt.length };
    if (counts.src + counts.tgt < 2) return "A link of one sentence cannot be split.";
    this.state = { element, row, counts, side, cuts: defaultCuts(counts) };
    element.classList.add("is-splitting");
    for (const name of ["src", "tgt"]) this.addMarks(name);
    element.append(this.helpLine());
    this.draw();
    return null;
  }

  addMarks(side) {
    const box = this.state.element.querySelector(`[data-side="${side}"]`);
    const sentences = [...box.querySelectorAll(".sent")];
    for (let index = 0; index <= sentences.length; index += 1) {
      const mark = document.createElement("button");
      mark.type = "button";
      mark.className = "cut";
      mark.tabIndex = -1;
      mark.dataset.cut = String(index);
      mark.dataset.cutSide = side;
      mark.setAttribute("aria-label", `Split ${side} after sentence ${index}`);
      mark.addEventListener("click", (event) => {
        event.stopPropagation();
        this.state.side = side;
        this.state.cuts[side] = index;
        this.draw();
      });
      box.insertBefore(mark, sentences[index] || null);
    }
  }

  helpLine() {
    const line = document.createElement("div");
    line.className = "split-help";
    line.dataset.splitHelp = "";
    const text = document.createElement("span");
    text.textContent = "Split: ←/→ move the boundary, Tab switches side, Enter splits, Esc cancels.";
    const preview = document.createElement("span");
    preview.className = "split-preview";
    preview.dataset.splitPreview = "";
    const apply = button("Split here", "button primary", () => this.apply());
    apply.dataset.splitApply = "";
    const cancel = button("Cancel", "button", () => this.close());
    line.append(text, preview, apply, cancel);
    return line;
  }

  draw() {
    const { element, cuts, side, counts } = this.state;
    for (const mark of element.querySelectorAll(".cut")) {
      mark.classList.toggle("is-chosen", Number(mark.dataset.cut) === cuts[mark.dataset.cutSide]);
    }
    for (const name of ["src", "tgt"]) {
      element.querySelector(`[data-side="${name}"]`).classList.toggle("split-side", name === side);
    }
    const first = `${cuts.src}-${cuts.tgt}`;
    const second = `${counts.src - cuts.src}-${counts.tgt - cuts.tgt}`;
    const valid = isValid(cuts, counts);
    element.querySelector("[data-split-preview]").textContent = valid
      ? `→ ${first} + ${second}`
      : "→ each part needs a sentence";
    element.querySelector("[data-split-apply]").disabled = !valid;
  }

  /** Handle a key while open; true when the key was used. */
  handleKey(combo) {
    const state = this.state;
    const moves = { ArrowLeft: -1, h: -1, ArrowRight: 1, l: 1 };
    if (combo in moves) {
      const next = state.cuts[state.side] + moves[combo];
      state.cuts[state.side] = Math.min(state.counts[state.side], Math.max(0, next));
    } else if (combo === "Tab" || combo === "Shift+Tab") {
      state.side = state.side === "src" ? "tgt" : "src";
    } else if (combo === "Enter") {
      this.apply();
      return true;
    } else if (combo === "Escape") {
      this.close();
      return true;
    } else {
      return false;
    }
    this.draw();
    return true;
  }

  apply() {
    const { row, cuts, counts } = this.state;
    if (!isValid(cuts, counts)) return;
    this.close();
    this.onApply({ key: row.key, src_cut: cuts.src, tgt_cut: cuts.tgt });
  }

  /** Remove the marks and leave the row as it was. */
  close() {
    if (!this.state) return;
    const { element } = this.state;
    element.classList.remove("is-splitting");
    for (const node of element.querySelectorAll(".cut, [data-split-help]")) node.remove();
    for (const side of element.querySelectorAll(".split-side")) side.classList.remove("split-side");
    this.state = null;
  }
}

function button(label, className, run) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = className;
  node.textContent = label;
  node.addEventListener("click", (event) => {
    event.stopPropagation();
    run();
  });
  return node;
}

/** First guess: half of each side (rounded up) in the first part; a 1-n link keeps the source first. */
function defaultCuts(counts) {
  const cuts = { src: Math.ceil(counts.src / 2), tgt: Math.ceil(counts.tgt / 2) };
  if (!isValid(cuts, counts)) cuts.tgt = Math.max(0, counts.tgt - 1);
  if (!isValid(cuts, counts)) cuts.src = Math.max(0, counts.src - 1);
  return cuts;
}

/** Both parts keep at least one sentence, and the split changes something. */
function isValid(cuts, counts) {
  const first = cuts.src + cuts.tgt;
  const second = counts.src - cuts.src + (counts.tgt - cuts.tgt);
  return first > 0 && second > 0;
}
