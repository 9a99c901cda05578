// Copy text to the clipboard: the async Clipboard API where the page is a secure context
// (https, localhost), else a hidden textarea and execCommand for plain-http LAN servers.

/** Copy `text`; resolves to true when it reached the clipboard. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the old way (e.g. permission refused)
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
