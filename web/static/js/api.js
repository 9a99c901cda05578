// JSON requests to the server. Writes carry the CSRF token from the page's meta tag in a header.
// Every outcome, network failure included, comes back as {status, body} so callers need no try.

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

async function send(url, options) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...options });
  } catch {
    return {
      status: 0,
      body: { error: "The server could not be reached. Check the connection; nothing was saved." },
    };
  }
  let body;
  try {
    body = await response.json();
  } catch {
    body = { error: `The server answered ${response.status} without details.` };
  }
  return { status: response.status, body };
}

/** POST a JSON payload (with the CSRF header). */
export function postJSON(url, payload) {
  return send(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-CSRFToken": csrfToken(),
    },
    body: JSON.stringify(payload),
  });
}

/** GET JSON. */
export function getJSON(url) {
  return send(url, { headers: { Accept: "application/json" } });
}
