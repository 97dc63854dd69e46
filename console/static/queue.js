// The queue refreshes itself every 5 seconds from /api/queue, without a framework and
// without innerHTML: every value is set as text. A new urgent flag (one not in the
// queue before) shows a banner, a browser notification and a short beep. Browsers
// allow notifications and sound only after a click, so the "enable alerts" button
// asks for both; nothing is asked on load.
(function () {
  "use strict";
  var table = document.getElementById("queue");
  var body = document.getElementById("queue-rows");
  var empty = document.getElementById("queue-empty");
  if (!table || !body) { return; }
  var app = table.getAttribute("data-app");
  var banner = document.getElementById("urgent-banner");
  var enable = document.getElementById("enable-alerts");
  var audio = null;
  var seen = {};
  Array.prototype.forEach.call(body.querySelectorAll("tr[data-flag]"), function (tr) {
    seen[tr.getAttribute("data-flag")] = tr.getAttribute("data-status");
  });

  if (enable) {
    enable.addEventListener("click", function () {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (Context && !audio) { audio = new Context(); }
      if (audio && audio.state === "suspended") { audio.resume(); }
      if ("Notification" in window && Notification.permission === "default") {
        Notification.requestPermission();
      }
      enable.textContent = enable.getAttribute("data-on");
    });
  }

  function beep() {
    if (!audio) { return; }
    try {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.frequency.value = 880;
      gain.gain.value = 0.2;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + 0.4);
    } catch (e) { /* no sound: the banner and the notification remain */ }
  }

  function alertUrgent(r) {
    var text = banner ? banner.getAttribute("data-label") : "";
    text = text + " — " + r.kind_label + " — " + r.patient;
    if (banner) {
      banner.replaceChildren();
      var link = document.createElement("a");
      link.href = r.url;
      link.textContent = text;
      banner.appendChild(link);
      banner.setAttribute("data-flag", String(r.id));
      banner.hidden = false;
    }
    if ("Notification" in window && Notification.permission === "granted") {
      try {
        var note = new Notification(app, {body: text, tag: "flag-" + r.id});
        note.onclick = function () { window.focus(); window.location.assign(r.url); };
      } catch (e) { /* some browsers only notify from a service worker */ }
    }
    beep();
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function render(data) {
    document.title = data.title + " — " + app;
    var rows = document.createDocumentFragment();
    data.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.className = "sev-" + r.severity;
      tr.setAttribute("data-flag", String(r.id));
      tr.setAttribute("data-status", r.status);
      var badge = document.createElement("span");
      badge.className = "badge " + r.severity;
      badge.textContent = r.severity_label;
      var first = document.createElement("td");
      first.appendChild(badge);
      tr.appendChild(first);
      var link = document.createElement("a");
      link.href = r.url;
      link.textContent = r.kind_label;
      var second = document.createElement("td");
      second.appendChild(link);
      tr.appendChild(second);
      cell(tr, r.patient);
      cell(tr, r.language);
      cell(tr, r.last_message).className = "msg";
      cell(tr, r.waiting);
      cell(tr, r.status_text);
      cell(tr, r.paging || "").className = "paging";
      rows.appendChild(tr);
    });
    data.rows.forEach(function (r) {
      var key = String(r.id);
      // New, or back to open (a re-opened emergency): someone must look now.
      if (seen[key] !== "open" && r.severity === "urgent" && r.status === "open") {
        alertUrgent(r);
      }
      seen[key] = r.status;
    });
    // Keep keyboard focus on the same flag's link across refreshes.
    var focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("tr") : null;
    var focusedFlag = focused && body.contains(focused) ? focused.getAttribute("data-flag") : null;
    body.replaceChildren(rows);
    if (focusedFlag) {
      var again = body.querySelector('tr[data-flag="' + focusedFlag + '"] a');
      if (again) { again.focus(); }
    }
    empty.hidden = data.rows.length > 0;
  }

  function refresh() {
    fetch("/api/queue", {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (response.status === 401) { window.location.assign("/login?next=/queue"); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }

  window.setInterval(refresh, 5000);
})();
