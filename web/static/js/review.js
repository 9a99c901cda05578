// The review page: wires the rows, triage, cursor, keys, split picker, flag dialog, help
// overlay and operations together. Page data comes from the one JSON block the server renders.
import { getJSON } from "./api.js";
import { copyText } from "./cite.js";
import { Cursor } from "./cursor.js";
import { FlagDialog } from "./flag-dialog.js";
import { HelpOverlay } from "./help-overlay.js";
import { bindKeys } from "./keyboard.js";
import { Notices } from "./notices.js";
import { Ops } from "./ops.js";
import { pageData } from "./page-data.js";
import { RowsState, sentenceIds } from "./rows-state.js";
import { RowsView } from "./rows-view.js";
import { SplitPicker } from "./split-picker.js";
import { Triage } from "./triage.js";

const data = pageData();
const $ = (selector) => document.querySelector(selector);
const state = new RowsState(data.rows, data.version);
const view = new RowsView($("[data-pairs]"), data.groups);
const notices = new Notices($("[data-notices]"));
const cursor = new Cursor(
  view,
  { ids: $("[data-status-ids]"), info: $("[data-status-info]"), side: $("[data-status-side]") },
  (key) => state.get(key),
  data.doc.names,
);
const triage = new Triage(
  { filter: $("[data-filter]"), speaker: $("[data-speaker]"), order: $("[data-order]"), shown: $("[data-shown]") },
  data.groups,
  () => refresh(),
);

/** Render the rows triage keeps, and keep the cursor where it was if still shown. */
function refresh(stale = [], { scroll = false, focus = true } = {}) {
  const rows = triage.view(state.rows);
  view.render(rows);
  for (const key of stale) view.elements.get(key)?.classList.add("is-stale");
  triage.count(state.rows, rows.length);
  $("[data-empty-view]").hidden = rows.length > 0;
  showProgress();
  cursor.moveTo(cursor.key, { scroll, focus });
}

function showProgress() {
  const { confirmed, total } = state.progress();
  const bar = $("[data-progress] progress");
  bar.max = Math.max(total, 1);
  bar.value = confirmed;
  $("[data-progress-confirmed]").textContent = String(confirmed);
  $("[data-progress-total]").textContent = String(total);
}

const ops = new Ops({
  urls: data.urls,
  state,
  notices,
  saving: $("[data-saving]"),
  version: $("[data-version]"),
  onChanged: (change, body) => {
    const created = view.patch(change, (row) => triage.keeps(row));
    triage.count(state.rows, view.displayed().length);
    showProgress();
    const focus = body.focus || (created[0] && created[0].dataset.key);
    if (!state.get(cursor.key) || body.move) cursor.moveTo(focus);
    else cursor.moveTo(cursor.key, { scroll: false });
  },
  onReplaced: (changed) => refresh(changed),
});

const current = () => (cursor.key ? state.get(cursor.key) : null);
const SIDE_NAMES = data.doc.names; // {src: "Chinese", tgt: "English"}: the languages are data

function say(message) {
  notices.show("error", message, { timeout: 6000 });
}

function edit(op, extra = {}, label = op) {
  const row = current();
  if (row) ops.run(op, { key: row.key, ...extra }, label);
}

function confirmAndAdvance() {
  const row = current();
  if (!row) return;
  cursor.move(1);
  if (row.status !== "confirmed") ops.run("confirm", { key: row.key }, "confirmation");
}

/** The active side's sentence IDs of the current row, or a notice when that side is empty. */
function activeIds(row) {
  const ids = row[cursor.side].map((sentence) => sentence.id);
  if (!ids.length) {
    const other = cursor.side === "src" ? "l" : "h";
    say(`This link has no ${SIDE_NAMES[cursor.side]} sentence; press ${other} to work on the other side.`);
  }
  return ids;
}

function shift(direction) {
  const row = current();
  const ids = row ? activeIds(row) : [];
  if (!ids.length) return;
  const sentence = direction === "up" ? ids[0] : ids[ids.length - 1];
  const lone = row.src.length + row.tgt.length === 1;
  ops.run(lone ? "relink" : "shift", { key: row.key, sentence, direction }, "shift");
}

function unlink(which) {
  const row = current();
  const ids = row ? activeIds(row) : [];
  if (!ids.length) return;
  if (row.src.length + row.tgt.length === 1) return say("This sentence stands alone already.");
  const sentence = which === "first" ? ids[0] : ids[ids.length - 1];
  ops.run("unlink", { key: row.key, sentence }, "unlink");
}

/** Re-align the unconfirmed stretch around the current row, between the nearest confirmed links. */
function realign() {
  const row = current();
  if (!row) return;
  if (row.status === "confirmed") {
    return say("Re-align works on unconfirmed links: put the cursor between two confirmed ones.");
  }
  const index = state.rows.indexOf(row);
  const above = state.rows.slice(0, index).findLast((r) => r.status === "confirmed");
  const below = state.rows.slice(index + 1).find((r) => r.status === "confirmed");
  const after = above ? sentenceIds(above)[0] : null;
  const before = below ? sentenceIds(below)[0] : null;
  notices.show("ok", "Re-aligning… the first time loads the model, which takes a while.", { timeout: 3000 });
  return ops.run("realign", { key: row.key, after, before }, "re-alignment");
}

const split = new SplitPicker((payload) => ops.run("split", payload, "split"));
const flagDialog = data.can_edit ? new FlagDialog($("[data-flag-dialog]"), (payload) => ops.run("flag", payload, "flag")) : null;
const help = new HelpOverlay($("[data-help]"), () => cursor.moveTo(cursor.key, { scroll: false }));

async function cite() {
  const row = current();
  if (!row) return;
  const { status, body } = await getJSON(`${data.urls.cite}?key=${encodeURIComponent(row.key)}`);
  if (status !== 200) return notices.show("error", body.error || "No citation for this pair.");
  const copied = await copyText(body.text);
  notices.show(copied ? "ok" : "error", copied ? `Citation copied: ${row.key}` : "Copy failed; open the pair (o) and copy the citation there.", { timeout: 4000 });
}

const handlers = {
  next: () => cursor.move(1),
  prev: () => cursor.move(-1),
  "next-unreviewed": () => cursor.seek((row) => row.status !== "confirmed"),
  first: () => cursor.edge(false),
  last: () => cursor.edge(true),
  "side-src": () => cursor.setSide("src"),
  "side-tgt": () => cursor.setSide("tgt"),
  confirm: confirmAndAdvance,
  unconfirm: () => current()?.status === "confirmed" && edit("unconfirm", {}, "unconfirmation"),
  merge: () => edit("merge", {}, "merge"),
  split: () => {
    const row = current();
    const problem = row && split.open(cursor.element(), row, cursor.side);
    if (problem) notices.show("error", problem, { timeout: 5000 });
  },
  "shift-up": () => shift("up"),
  "shift-down": () => shift("down"),
  unlink: () => unlink("last"),
  "unlink-first": () => unlink("first"),
  flag: () => current() && flagDialog?.open(current(), () => cursor.moveTo(cursor.key, { scroll: false })),
  realign,
  undo: () => ops.run("undo", {}, "undo"),
  redo: () => ops.run("redo", {}, "redo"),
  cite,
  open: () => current() && window.location.assign(data.urls.pair + current().key),
  filter: () => triage.focusControl(),
  help: () => help.toggle(),
  close: () => split.close(),
  "clear-filter": () => triage.reset(),
};

bindKeys(data.keys, handlers, () => (split.isOpen() ? (combo) => split.handleKey(combo) : null));

for (const button of document.querySelectorAll("[data-action]")) {
  button.addEventListener("click", () => {
    const action = handlers[button.dataset.action];
    if (!action) return;
    if (button.closest("[data-toolbar]")) cursor.moveTo(cursor.key, { scroll: false });
    action();
  });
}

view.list.addEventListener("click", (event) => {
  const mark = event.target.closest('[data-slot="status"]');
  if (!mark || !data.can_edit) return;
  const key = mark.closest("[data-row]").dataset.key;
  const confirmed = state.get(key)?.status === "confirmed";
  ops.run(confirmed ? "unconfirm" : "confirm", { key }, confirmed ? "unconfirmation" : "confirmation");
});

cursor.key = data.focus || null;
refresh([], { scroll: Boolean(data.focus), focus: false });
document.body.dataset.readyMs = String(Math.round(performance.now()));
document.body.dataset.ready = "true";
