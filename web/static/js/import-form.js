// The import form: says that alignment is running and prevents a second submit meanwhile.

const form = document.querySelector("[data-import-form]");

if (form) {
  form.addEventListener("submit", (event) => {
    const files = [...form.querySelectorAll('input[type="file"]')];
    const missing = files.filter((input) => input.files.length === 0);
    const status = form.querySelector("[data-import-status]");
    if (missing.length) {
      event.preventDefault();
      status.textContent = "Choose both files: the original and its translation.";
      return;
    }
    form.querySelector("[data-import-submit]").disabled = true;
    status.textContent = "Reading and aligning both texts… this page will reload when done.";
  });
}
