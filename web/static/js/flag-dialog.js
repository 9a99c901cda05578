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
    this.dialog.querySelector("[data-flag-zh]").textContent = row.zh.map((s) => s.text).join("");
    this.dialog.querySelector("[data-flag-en]").textContent = row.en.map((s) => s.text).join(" ");
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
