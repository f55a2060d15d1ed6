// Follows one of the store's event streams: "snapshot" replaces the whole state, "changes"
// updates some orders; on a drop the browser reconnects and a new snapshot arrives.
"use strict";

function followStream(url, handlers) {
  const link = document.getElementById("link");
  let source = null;
  function setLink(live) {
    if (!link) return;
    link.textContent = live ? "Live" : "Reconnecting…";
    link.classList.toggle("down", !live);
  }
  function open() {
    source = new EventSource(url);
    source.addEventListener("open", () => setLink(true));
    source.addEventListener("snapshot", (event) => { setLink(true); handlers.snapshot(JSON.parse(event.data)); });
    source.addEventListener("changes", (event) => handlers.changes(JSON.parse(event.data)));
    source.addEventListener("restart", () => { source.close(); open(); });
    source.addEventListener("error", () => {
      setLink(false);
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, 2000);
      }
    });
  }
  open();
}

function formatAge(seconds) {
  seconds = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return minutes + ":" + rest;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}
