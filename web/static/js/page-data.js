// Page data: the one JSON block each page renders with |tojson (never executed as script).

/** Parse the page's data block; an empty object when the page has none. */
export function pageData() {
  const block = document.querySelector("[data-page-data]");
  return block ? JSON.parse(block.textContent) : {};
}
