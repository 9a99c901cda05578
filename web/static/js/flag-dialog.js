// The flag dialog: MQM category, severity and a note for the current pair. Ctrl+Enter saves,
// Esc cancels; focus returns to the row either way.

export class FlagDialog {
  constructor(dialog, onSave) {
    this.dialog = dialog;
    this.onSave = onSave; // ({key, category, severity, note}) => Promise<string|null> (error)
    this.form = dialog.querySelector("[data-flag-form]");
    this.error = dialog.querySelector("[data-flag-error]");
    this.key = null;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    dialog.querySelector("[data-flag-cancel]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.save();
      }
    });
    this.onClose = () => {};
    dialog.addEventListener("close", () => this.onClose());
  }

  /** Open for the pair `row`; `onClose` runs when the dialog closes (saved or not). */
  open(row, onClose) {
    this.key = row.key;
    this.onClose = onClose;
    this.dialog.querySelector("[data-flag-target]").textContent = row.key.replace("~", "  ~  ");
    for (const side of ["src", "tgt"]) {
      const box = this.dialog.querySelector(`[data-flag-${side}]`);
      box.textContent = row[side].map((s) => s.text).join(joiner(box.lang));
    }
    this.form.reset();
    this.error.hidden = true;
    this.dialog.showModal();
    this.dialog.querySelector("[data-flag-select]").focus();
  }

  async save() {
    const data = new FormData(this.form);
    const payload = {
      key: this.key,
      category: data.get("category"),
      severity: data.get("severity"),
      note: (data.get("note") || "").trim(),
    };
    const saveButton = this.dialog.querySelector("[data-flag-save]");
    saveButton.disabled = true;
    const error = await this.onSave(payload);
    saveButton.disabled = false;
    if (error) {
      this.error.textContent = error;
      this.error.hidden = false;
      return;
    }
    this.dialog.close();
  }
}

/** Chinese and Japanese sentences run on without spaces; other languages get one. */
function joiner(lang) {
  return /^(zh|ja)\b/.test(lang) ? "" : " ";
}
