// The pair (permalink) page: the Cite button copies the citation shown beside it.
import { copyText } from "./cite.js";

const button = document.querySelector("[data-cite-button]");
const text = document.querySelector("[data-cite-text]");
const status = document.querySelector("[data-cite-status]");

if (button && text) {
  button.addEventListener("click", async () => {
    const copied = await copyText(text.textContent);
    status.textContent = copied ? "Citation copied." : "Copy failed: select the text and copy it.";
    if (!copied) window.getSelection().selectAllChildren(text);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "y" && !event.target.closest("input, textarea, select")) button.click();
  });
}
