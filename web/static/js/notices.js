// Notices above the rows: edit errors, conflicts, copies. Text only (textContent), never HTML.

export class Notices {
  constructor(container) {
    this.container = container;
  }

  /** Show a notice; `actions` are [{label, run}] buttons; `timeout` ms hides it (0: stays). */
  show(kind, message, { actions = [], timeout = 0, title = "" } = {}) {
    const notice = document.createElement("div");
    notice.className = `notice notice-${kind}`;
    notice.dataset.notice = kind;
    notice.setAttribute("role", kind === "error" || kind === "conflict" ? "alert" : "status");
    const text = document.createElement("p");
    if (title) {
      const strong = document.createElement("strong");
      strong.textContent = `${title} `;
      text.append(strong);
    }
    text.append(message);
    notice.append(text);
    notice.append(this.buttons(notice, actions));
    this.container.append(notice);
    if (timeout) setTimeout(() => notice.remove(), timeout);
    return notice;
  }

  buttons(notice, actions) {
    const box = document.createElement("div");
    box.className = "notice-actions";
    for (const { label, run, primary } of [...actions, { label: "Dismiss" }]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = primary ? "button primary" : "button";
      button.textContent = label;
      button.dataset.noticeAction = label;
      button.addEventListener("click", () => {
        notice.remove();
        if (run) run();
      });
      box.append(button);
    }
    return box;
  }

  /** Remove notices of one kind (e.g. old errors once an edit succeeds). */
  clear(kind) {
    for (const notice of this.container.querySelectorAll(`[data-notice="${kind}"]`)) {
      notice.remove();
    }
  }
}
