// Review operations over the JSON API, one at a time in the order keys were pressed. Each
// request carries the version the page shows; a 409 brings the fresh rows and a notice that
// keeps the refused edit one click away, so nothing is lost or silently overwritten.
import { getJSON, postJSON } from "./api.js";

export class Ops {
  constructor({ urls, state, notices, saving, version, onChanged, onReplaced }) {
    this.urls = urls;
    this.state = state;
    this.notices = notices;
    this.saving = saving;
    this.versionLabel = version;
    this.onChanged = onChanged; // (change, body) => void
    this.onReplaced = onReplaced; // (changedKeys) => void
    this.queue = Promise.resolve();
  }

  /** Queue `op` with `payload`; resolves to null on success or the error message. */
  run(op, payload, label = op) {
    const result = this.queue.then(() => this.send(op, payload, label));
    this.queue = result.catch(() => null);
    return result;
  }

  async send(op, payload, label) {
    if (payload.key && !this.state.get(payload.key)) {
      return this.fail(`That pair (${payload.key}) is no longer in the document; nothing done.`);
    }
    this.busy(true);
    const request = { ...payload, version: this.state.version };
    const { status, body } = await postJSON(`${this.urls.ops}/${op}`, request);
    this.busy(false);
    if (status === 200) return this.applied(body);
    if (status === 409) return this.conflict(body, op, payload, label);
    if (status === 401) {
      return this.fail("Your session has ended: log in again (in a new tab) and repeat the edit.");
    }
    return this.fail(body.error || `The ${label} failed (HTTP ${status}).`);
  }

  applied(body) {
    this.notices.clear("error");
    const change = this.state.apply(body.rows, body.version);
    if (!change) return this.reload();
    this.showVersion();
    this.onChanged(change, body);
    this.saving.className = "is-saved";
    return null;
  }

  conflict(body, op, payload, label) {
    const stale = this.state.version;
    const before = new Map(this.state.rows.map((row) => [row.key, signature(row)]));
    this.state.replace(body.rows, body.version);
    const changed = this.state.rows
      .filter((row) => before.get(row.key) !== signature(row))
      .map((row) => row.key);
    this.showVersion();
    this.onReplaced(changed);
    const retry = () => this.run(op, payload, label);
    const marked = changed.length === 1 ? "1 row changed, marked" : `${changed.length} rows changed, marked`;
    this.notices.show(
      "conflict",
      `You had version ${stale}; it is now at ${body.version}. Your ${label} was not applied. ` +
        `The rows below are current (${marked} in amber): check them, then apply your ${label} ` +
        "again if it still makes sense.",
      {
        title: "Another reviewer (or another tab) changed this document.",
        actions: payload.key && !this.state.get(payload.key) ? [] : [
          { label: `Apply my ${label} again`, run: retry, primary: true },
        ],
      },
    );
    return null;
  }

  /** Fetch every row again (after the page fell out of step with the server). */
  async reload() {
    const { status, body } = await getJSON(this.urls.rows);
    if (status !== 200) return this.fail(body.error || "Could not reload the rows.");
    this.state.replace(body.rows, body.version);
    this.showVersion();
    this.onReplaced([]);
    return null;
  }

  fail(message) {
    this.saving.className = "";
    this.notices.clear("error");
    this.notices.show("error", message, { timeout: 12000 });
    return message;
  }

  busy(on) {
    this.saving.className = on ? "is-busy" : "";
  }

  showVersion() {
    this.versionLabel.textContent = `v${this.state.version}`;
  }
}

/** What a reviewer sees of a row, to tell which rows another reviewer changed. */
function signature(row) {
  const flags = row.flags.map((f) => [f.id, f.category, f.severity, f.status, f.note]);
  return JSON.stringify([row.status, row.confidence, row.origin, flags]);
}
