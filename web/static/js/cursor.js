// The cursor: which row is current (j/k, clicks), which side (src/tgt) edits act on, and the
// status bar that names the current pair by its stable IDs.

export class Cursor {
  constructor(view, statusbar, rowOf, sideNames) {
    this.view = view;
    this.statusbar = statusbar; // {ids, info, side}
    this.rowOf = rowOf; // key -> row data
    this.key = null;
    this.sideNames = sideNames; // {src: "Chinese", tgt: "English"}
    this.side = "src";
    view.list.addEventListener("click", (event) => this.onClick(event));
  }

  onClick(event) {
    const element = event.target.closest("[data-row]");
    if (!element) return;
    const side = event.target.closest("[data-side]");
    if (side) this.side = side.dataset.side;
    this.moveTo(element.dataset.key, { scroll: false });
  }

  /** The current row's element (null when none is shown). */
  element() {
    return this.key ? this.view.elements.get(this.key) || null : null;
  }

  /** Make the row with `key` current; falls back to the first shown row. `focus: false` only
   *  marks it (the first paint of a long page need not wait for the browser's style pass). */
  moveTo(key, { scroll = true, focus = true } = {}) {
    this.element()?.classList.remove("is-current", "side-active-src", "side-active-tgt");
    let element = key ? this.view.elements.get(key) : null;
    if (!element || !element.isConnected) element = this.view.displayed()[0] || null;
    this.key = element ? element.dataset.key : null;
    if (element) {
      element.classList.add("is-current", `side-active-${this.side}`);
      if (focus) element.focus({ preventScroll: true });
      if (scroll) element.scrollIntoView({ block: "nearest" });
    }
    this.describe();
  }

  /** Move `step` rows down (negative: up) among the shown rows. */
  move(step) {
    const rows = this.view.displayed();
    if (!rows.length) return;
    const index = rows.indexOf(this.element());
    const next = index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step));
    this.moveTo(rows[next].dataset.key);
  }

  /** Go to the first or last shown row. */
  edge(last) {
    const rows = this.view.displayed();
    if (rows.length) this.moveTo(rows[last ? rows.length - 1 : 0].dataset.key);
  }

  /** Go to the next shown row after the current one that `test(row)` accepts. */
  seek(test) {
    const rows = this.view.displayed();
    const start = rows.indexOf(this.element());
    for (let offset = 1; offset <= rows.length; offset += 1) {
      const element = rows[(start + offset) % rows.length];
      if (test(this.rowOf(element.dataset.key))) return this.moveTo(element.dataset.key);
    }
    return undefined;
  }

  /** Choose the side ("src" or "tgt") that shift and split start on. */
  setSide(side) {
    this.side = side;
    this.moveTo(this.key, { scroll: false });
  }

  /** The row after the current one in display order (null at the end). */
  neighbour(step) {
    const rows = this.view.displayed();
    const index = rows.indexOf(this.element());
    const element = index < 0 ? null : rows[index + step];
    return element ? element.dataset.key : null;
  }

  describe() {
    const row = this.key ? this.rowOf(this.key) : null;
    const ids = row ? `${row.src.map((s) => s.id).join(", ") || "—"}  ~  ${row.tgt.map((s) => s.id).join(", ") || "—"}` : "";
    this.statusbar.ids.textContent = ids;
    this.statusbar.info.textContent = row
      ? `${row.shape} · confidence ${row.confidence.toFixed(2)} · ${row.status}` +
        (row.flags.length ? ` · ${row.flags.length} flag${row.flags.length > 1 ? "s" : ""}` : "")
      : "";
    this.statusbar.side.textContent = `side: ${this.sideNames[this.side]} (h/l)`;
  }
}
