// The `?` overlay listing every key (rendered by the server from the same key map as the
// bindings, so the list cannot drift from what the keys do).

export class HelpOverlay {
  constructor(dialog, onClose) {
    this.dialog = dialog;
    dialog.querySelector("[data-help-close]").addEventListener("click", () => dialog.close());
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "?") {
        event.preventDefault();
        dialog.close();
      }
    });
    dialog.addEventListener("close", onClose);
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
    });
  }

  toggle() {
    if (this.dialog.open) this.dialog.close();
    else this.dialog.showModal();
  }
}
