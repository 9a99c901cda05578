// The page's copy of the document: every row in reading order and the version it belongs to.
// Edits patch it with the server's change; a conflict replaces it with the server's rows.

export class RowsState {
  constructor(rows, version) {
    this.replace(rows, version);
  }

  /** Take the server's full state. */
  replace(rows, version) {
    this.rows = rows;
    this.version = version;
    this.byKey = new Map(rows.map((row) => [row.key, row]));
  }

  get(key) {
    return this.byKey.get(key) || null;
  }

  /** Swap in the rows an edit put in place for the rows that held the same sentences.
   *  Returns the change for the view ({after, remove, rows}); null when it does not fit. */
  apply(rows, version) {
    const sentences = new Set(rows.flatMap(sentenceIds));
    const hits = [];
    this.rows.forEach((row, index) => {
      if (sentenceIds(row).some((id) => sentences.has(id))) hits.push(index);
    });
    if (!hits.length || hits[hits.length - 1] - hits[0] !== hits.length - 1) return null;
    const start = hits[0];
    const removed = this.rows.splice(start, hits.length, ...rows);
    const change = {
      after: start > 0 ? this.rows[start - 1].key : null,
      remove: removed.map((row) => row.key),
      rows,
    };
    this.replace(this.rows, version);
    return change;
  }

  /** Counts for the progress bar. */
  progress() {
    const confirmed = this.rows.filter((row) => row.status === "confirmed").length;
    return { confirmed, total: this.rows.length };
  }
}

/** Every sentence ID of a row, both sides. */
export function sentenceIds(row) {
  return [...row.src, ...row.tgt].map((sentence) => sentence.id);
}
