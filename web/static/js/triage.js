// Triage: which rows the review list shows and in what order — unreviewed, low confidence,
// non-1-1, flagged, by speaker; reading order or lowest confidence first. Kept in the URL.

const FILTERS = {
  all: () => true,
  unreviewed: (row) => row.status !== "confirmed",
  low: (row) => row.low && row.status !== "confirmed",
  odd: (row) => row.shape !== "1-1",
  flagged: (row) => row.flags.some((flag) => flag.status === "open"),
  confirmed: (row) => row.status === "confirmed",
};

const ORDERS = {
  reading: null,
  confidence: (a, b) => a.row.confidence - b.row.confidence || a.index - b.index,
};

export class Triage {
  constructor(controls, groups, onChange) {
    this.controls = controls; // {filter, speaker, order, shown}
    this.groups = groups;
    this.onChange = onChange;
    for (const select of [controls.filter, controls.speaker, controls.order]) {
      select.addEventListener("change", () => {
        this.remember();
        this.onChange();
      });
    }
  }

  /** Does `row` pass the current filter and speaker choice? */
  keeps(row) {
    const filter = FILTERS[this.controls.filter.value] || FILTERS.all;
    return filter(row) && this.speakerMatches(row);
  }

  speakerMatches(row) {
    const wanted = this.controls.speaker.value;
    if (!wanted) return true;
    const group = this.groups[row.group];
    return Boolean(group) && speakerValue(group) === wanted;
  }

  /** The rows to show, in the chosen order; `rows` are in reading order. */
  view(rows) {
    const kept = rows.map((row, index) => ({ row, index })).filter(({ row }) => this.keeps(row));
    const order = ORDERS[this.controls.order.value];
    if (order) kept.sort(order);
    return kept.map(({ row }) => row);
  }

  /** Show counts next to each filter option, and how many rows are shown. */
  count(rows, shown) {
    for (const option of this.controls.filter.options) {
      const filter = FILTERS[option.value];
      if (!filter) continue;
      const label = option.dataset.label || option.textContent;
      option.dataset.label = label;
      option.textContent = `${label} (${rows.filter(filter).length})`;
    }
    this.controls.shown.textContent = `${shown} of ${rows.length} links shown`;
  }

  /** Clear the filter and speaker choice. */
  reset() {
    this.controls.filter.value = "all";
    this.controls.speaker.value = "";
    this.remember();
    this.onChange();
  }

  focusControl() {
    this.controls.filter.focus();
  }

  remember() {
    const url = new URL(window.location.href);
    for (const name of ["filter", "speaker", "order"]) {
      const value = this.controls[name].value;
      const fallback = name === "order" ? "reading" : name === "filter" ? "all" : "";
      if (value && value !== fallback) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    }
    window.history.replaceState(null, "", url);
  }
}

/** The speaker-select value of a turn group: both speaker keys, "姬|Ji". */
export function speakerValue(group) {
  return `${group.src?.key ?? ""}|${group.tgt?.key ?? ""}`;
}
