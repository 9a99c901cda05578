// The list of pairs: builds one element per row from the page's <template>s (text set with
// textContent, never HTML), puts speaker-turn headers where the turn changes, and patches rows
// in place after an edit.

const BANDS = [0.3, 0.5, 0.7, 0.9]; // confidence colour bands c0..c4 (see review.css)

/** The colour band (0–4) of a confidence. */
export function band(confidence) {
  return BANDS.filter((edge) => confidence >= edge).length;
}

function sentenceSpan(sentence) {
  const span = document.createElement("span");
  span.className = "sent";
  span.dataset.sid = sentence.id;
  span.title = sentence.id;
  if (sentence.editorial) span.classList.add("editorial");
  if (sentence.missing) span.classList.add("missing");
  span.textContent = sentence.text;
  return span;
}

function flagItem(flag) {
  const item = document.createElement("li");
  item.className = `pair-flag${flag.status === "open" ? "" : " is-closed"}`;
  item.dataset.flagCategory = flag.category;
  const severity = document.createElement("span");
  severity.className = `sev sev-${flag.severity}`;
  severity.textContent = flag.severity;
  const category = document.createElement("span");
  category.textContent = flag.category;
  const note = document.createElement("span");
  note.className = "flag-note";
  note.textContent = flag.note ? `— ${flag.note}` : "";
  const by = document.createElement("span");
  by.className = "flag-by";
  by.textContent = [flag.status !== "open" ? flag.status : "", flag.author || ""]
    .filter(Boolean)
    .join(" · ");
  item.append(severity, category, note, by);
  return item;
}

export class RowsView {
  constructor(list, groups) {
    this.list = list;
    this.groups = groups;
    this.pairTemplate = document.querySelector('template[data-template="pair"]');
    this.groupTemplate = document.querySelector('template[data-template="group"]');
    this.elements = new Map(); // row key -> <li>
  }

  /** Build the element of one row. */
  build(row) {
    const element = this.pairTemplate.content.firstElementChild.cloneNode(true);
    this.fill(element, row);
    return element;
  }

  fill(element, row) {
    // The template's fixed structure: gutter(status, shape), src, tgt, meta(conf), flags.
    const [gutter, src, tgt, meta, flags] = element.children;
    const [status, shape] = gutter.children;
    const conf = meta.firstElementChild;
    element.dataset.key = row.key;
    element.dataset.group = row.group;
    element.dataset.status = row.status;
    element.className = `pair status-${row.status}`;
    status.setAttribute("aria-label", row.status);
    status.title = row.status === "confirmed" ? "Confirmed" : `${row.status} — confirm (Enter)`;
    shape.textContent = row.shape;
    shape.className = row.shape === "1-1" ? "shape" : "shape is-odd";
    conf.className = `conf c${band(row.confidence)}${row.origin === "manual" ? " is-manual" : ""}`;
    conf.textContent = row.confidence.toFixed(2);
    conf.title = row.origin === "manual"
      ? `Drawn by a reviewer (confidence ${row.confidence.toFixed(2)})`
      : `Aligner's confidence ${row.confidence.toFixed(2)}${row.low ? " — low" : ""}`;
    src.replaceChildren(...row.src.map(sentenceSpan));
    tgt.replaceChildren(...row.tgt.map(sentenceSpan));
    flags.replaceChildren(...row.flags.map(flagItem));
    flags.hidden = row.flags.length === 0;
  }

  buildHeader(groupKey) {
    const element = this.groupTemplate.content.firstElementChild.cloneNode(true);
    const group = this.groups[groupKey] || { src: null, tgt: null };
    element.dataset.groupKey = groupKey;
    for (const side of ["src", "tgt"]) {
      element.querySelector(`[data-slot="${side}"]`).textContent = group[side] ? group[side].name : "";
      element.querySelector(`[data-slot="${side}-ids"]`).textContent = (group[side]?.turns || []).join(", ");
    }
    return element;
  }

  /** Replace the whole list with `rows` (already filtered and ordered). */
  render(rows) {
    const fragment = document.createDocumentFragment();
    this.elements.clear();
    let previous = null;
    for (const row of rows) {
      if (row.group !== previous) fragment.append(this.buildHeader(row.group));
      previous = row.group;
      const element = this.build(row);
      this.elements.set(row.key, element);
      fragment.append(element);
    }
    this.list.replaceChildren(fragment);
  }

  /** Apply a server change {after, remove, rows}; `keep(row)` says which new rows to show. */
  patch(change, keep) {
    const removed = change.remove.map((key) => this.elements.get(key)).filter(Boolean);
    let anchor = removed[0] || null;
    if (!anchor && change.after && this.elements.has(change.after)) {
      anchor = this.elements.get(change.after).nextElementSibling;
      if (!anchor) anchor = "end";
    }
    const created = [];
    if (anchor) {
      for (const row of change.rows.filter((r) => removed.length || keep(r))) {
        const element = this.build(row);
        element.classList.add("is-changed");
        this.list.insertBefore(element, anchor === "end" ? null : anchor);
        this.elements.set(row.key, element);
        created.push(element);
      }
    }
    for (const key of change.remove) {
      if (change.rows.some((row) => row.key === key)) continue; // rebuilt under the same key
      this.elements.get(key)?.remove();
      this.elements.delete(key);
    }
    for (const element of removed) if (!created.includes(element)) element.remove();
    this.fixHeaders();
    return created;
  }

  /** Put a turn header before every row whose turn differs from the row above, and only there. */
  fixHeaders() {
    let previous = null;
    let child = this.list.firstElementChild;
    while (child) {
      const next = child.nextElementSibling;
      if (child.dataset.groupKey !== undefined) {
        const following = next && next.dataset.key !== undefined ? next.dataset.group : null;
        if (following === null || following === previous || child.dataset.groupKey !== following) {
          child.remove();
        } else {
          previous = following;
        }
      } else if (child.dataset.group !== previous) {
        this.list.insertBefore(this.buildHeader(child.dataset.group), child);
        previous = child.dataset.group;
      }
      child = next;
    }
  }

  /** Row elements in display order. */
  displayed() {
    return [...this.list.querySelectorAll(":scope > [data-row]")];
  }
}
