// The Export menu: closes on a click elsewhere, on Escape, and once a download was chosen.
// The menu itself is a plain <details> with a GET form, so downloads work without this module.

const menu = document.querySelector("[data-export-menu]");

if (menu) {
  const toggle = menu.querySelector("[data-export-toggle]");
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    event.stopPropagation();
    menu.open = false;
    toggle.focus();
  });
  menu.querySelector("[data-export-form]").addEventListener("submit", () => {
    // Let the browser start the download first; the page itself stays as it is.
    window.setTimeout(() => {
      menu.open = false;
    }, 0);
  });
}
