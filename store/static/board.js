// The pickup board: order numbers (and first names) under Preparing and Ready, live.
"use strict";

(function () {
  const orders = new Map();
  const preparing = document.getElementById("preparing");
  const ready = document.getElementById("ready");

  function accept(entry) {
    if (entry.on_board) orders.set(entry.key, entry); else orders.delete(entry.key);
  }

  function render() {
    const all = [...orders.values()].sort((a, b) => a.number - b.number);
    const item = (o) => {
      const li = element("li", "order" + (o.ready ? " is-ready" : ""));
      li.dataset.number = o.number;
      li.append(element("span", "num", String(o.number)));
      if (o.first_name) li.append(element("span", "who", o.first_name));
      return li;
    };
    preparing.replaceChildren(...all.filter((o) => !o.ready).map(item));
    ready.replaceChildren(...all.filter((o) => o.ready).map(item));
  }

  followStream("/api/board/stream", {
    snapshot(state) { orders.clear(); state.orders.forEach(accept); render(); },
    changes(batch) { batch.orders.forEach(accept); render(); },
  });
})();
