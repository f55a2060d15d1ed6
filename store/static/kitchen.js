// The kitchen display: live tickets, tap or bump-bar keys to move them on, an age timer that
// changes colour at the store's thresholds, and a chime when a new order arrives.
"use strict";

(function () {
  const board = document.getElementById("tickets");
  const empty = document.getElementById("empty");
  const counts = document.getElementById("counts");
  const notice = document.getElementById("notice");
  const soundButton = document.getElementById("sound");
  const csrf = board.dataset.csrf;
  const warnSeconds = Number(board.dataset.warnSeconds);
  const lateSeconds = Number(board.dataset.lateSeconds);
  const tickets = new Map();   // key -> ticket
  let order = [];              // keys in screen order
  let selected = null;
  const bumped = [];           // keys bumped here, latest last (Backspace recalls)
  let audio = null;
  let first = true;

  const NEXT_LABEL = { new: "Start", in_progress: "Ready", ready: "Picked up" };

  function chime() {
    if (!audio) return;
    const now = audio.currentTime;
    [880, 1320].forEach((freq, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.4, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.4);
    });
  }

  soundButton.addEventListener("click", () => {
    if (audio) { audio.close(); audio = null; soundButton.textContent = "Sound off"; return; }
    audio = new (window.AudioContext || window.webkitAudioContext)();
    soundButton.textContent = "Sound on";
    chime();
  });

  function say(text) {
    notice.textContent = text;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { notice.textContent = ""; }, 4000);
  }

  function accept(ticket) {
    const isNew = !tickets.has(ticket.key) && ticket.status === "new";
    if (ticket.open) {
      tickets.set(ticket.key, ticket);
    } else {
      tickets.delete(ticket.key);
      if (selected === ticket.key) selected = null;
    }
    return isNew;
  }

  function ageClass(seconds) {
    if (seconds >= lateSeconds) return "late";
    if (seconds >= warnSeconds) return "warn";
    return "fresh";
  }

  function render() {
    order = [...tickets.values()]
      .sort((a, b) => a.placed_at.localeCompare(b.placed_at) || a.number - b.number)
      .map((t) => t.key);
    board.replaceChildren(...order.map((key, index) => card(tickets.get(key), index)));
    empty.hidden = order.length > 0;
    const by = { new: 0, in_progress: 0, ready: 0 };
    for (const t of tickets.values()) by[t.status] = (by[t.status] || 0) + 1;
    counts.replaceChildren(
      element("span", "count new", by.new + " new"),
      element("span", "count in_progress", by.in_progress + " in progress"),
      element("span", "count ready", by.ready + " ready"),
    );
    tick();
  }

  function card(t, index) {
    const node = element("article", "ticket status-" + t.status);
    node.dataset.key = t.key;
    node.tabIndex = 0;
    if (t.key === selected) node.classList.add("selected");
    const head = element("header", "ticket-head");
    head.append(
      element("span", "slot", index < 9 ? String(index + 1) : ""),
      element("span", "number", "#" + t.number),
      element("span", "age", ""),
    );
    const meta = element("div", "meta");
    meta.append(
      element("span", "name", t.name || "—"),
      element("span", "placed", new Date(t.placed_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
      element("span", "state", t.status_label),
    );
    const lines = element("ul", "lines");
    for (const line of t.lines) {
      const item = element("li", "line");
      const title = element("div", "line-title");
      title.append(element("span", "qty", line.quantity + "×"), element("span", "item", line.name));
      if (line.size) title.append(element("span", "size", line.size));
      item.append(title);
      if (line.modifiers.length) {
        const mods = element("ul", "mods");
        for (const m of line.modifiers) mods.append(element("li", m.toLowerCase().startsWith("no ") ? "mod no" : "mod", m));
        item.append(mods);
      }
      if (line.notes) item.append(element("div", "note", line.notes));
      lines.append(item);
    }
    const foot = element("footer", "ticket-foot", "Tap: " + (NEXT_LABEL[t.status] || "Bump"));
    node.append(head, meta, lines, foot);
    node.addEventListener("click", () => { selected = t.key; move(t.key, "bump"); });
    return node;
  }

  function tick() {
    const now = Date.now();
    for (const node of board.children) {
      const t = tickets.get(node.dataset.key);
      if (!t) continue;
      const seconds = (now - Date.parse(t.placed_at)) / 1000;
      node.querySelector(".age").textContent = formatAge(seconds);
      node.classList.remove("fresh", "warn", "late");
      node.classList.add(ageClass(seconds));
    }
    document.getElementById("clock").textContent =
      new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }
  setInterval(tick, 1000);

  async function move(key, action) {
    const response = await fetch("/api/orders/" + key + "/move", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ action: action }),
      credentials: "same-origin",
    }).catch(() => null);
    if (!response) { say("Not sent: the store service is not reachable"); return; }
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) { window.location.href = "/login?next=/kitchen"; return; }
    if (!response.ok) { say(body.detail || "Not changed"); return; }
    if (action === "bump") bumped.push(key);
    accept(body.ticket);
    render();
    say("#" + body.ticket.number + " → " + body.ticket.status_label);
  }

  function selectedKey() {
    if (selected && tickets.has(selected)) return selected;
    return order.length ? order[0] : null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("form")) return;
    if (/^[1-9]$/.test(event.key)) {
      const key = order[Number(event.key) - 1];
      if (key) { selected = key; render(); }
      event.preventDefault();
    } else if (event.key === "Enter" || event.key === " ") {
      const key = selectedKey();
      if (key) move(key, "bump");
      event.preventDefault();
    } else if (event.key === "Backspace") {
      const key = bumped.pop();
      if (key) move(key, "recall"); else say("Nothing to recall");
      event.preventDefault();
    }
  });

  followStream("/api/kitchen/stream", {
    snapshot(state) {
      tickets.clear();
      state.tickets.forEach(accept);
      if (!bumped.length && state.recent_done.length) bumped.push(state.recent_done[state.recent_done.length - 1].key);
      render();
      first = false;
    },
    changes(batch) {
      let fresh = false;
      for (const t of batch.tickets) fresh = accept(t) || fresh;
      render();
      if (fresh && !first) chime();
    },
  });
})();
