// Keyboard: turns key events into combos ("j", "Shift+ArrowUp", "Ctrl+z") and runs the action
// bound to them in the server's key map. Typing in fields and open dialogs are left alone.

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** The combo string of a key event, as the key map writes it. */
export function comboOf(event) {
  const parts = [];
  let key = event.key;
  const command = event.ctrlKey || event.metaKey;
  if (command) parts.push("Ctrl");
  if (event.altKey) parts.push("Alt");
  if (key.length === 1 && (command || event.altKey)) {
    if (event.shiftKey) parts.push("Shift");
    key = key.toLowerCase();
  } else if (key.length > 1 && event.shiftKey) {
    parts.push("Shift");
  }
  parts.push(key);
  return parts.join("+");
}

function ignored(event) {
  const target = event.target;
  if (event.isComposing || !(target instanceof Element)) return event.isComposing;
  if (TYPING.has(target.tagName) || target.isContentEditable) return true;
  if (target.closest("dialog[open]")) return true;
  // Enter and Space on a focused button or link keep their native meaning.
  const native = target.closest("button, a[href]");
  return Boolean(native) && (event.key === "Enter" || event.key === " ");
}

/** Listen for the bound keys. `modal()` may return a handler that takes every key first. */
export function bindKeys(bindings, handlers, modal = () => null) {
  const byCombo = new Map();
  for (const binding of bindings) {
    for (const combo of binding.combos) byCombo.set(combo, binding.action);
  }
  document.addEventListener("keydown", (event) => {
    const combo = comboOf(event);
    const capture = modal();
    if (capture && !event.target.closest?.("dialog[open]")) {
      if (capture(combo)) event.preventDefault();
      return;
    }
    if (ignored(event)) return;
    const action = byCombo.get(combo);
    if (!action || !handlers[action]) return;
    event.preventDefault();
    handlers[action]();
  });
}
