// The queue refreshes itself every 5 seconds from /api/queue, without a framework and
// without innerHTML: every value is set as text.
(function () {
  "use strict";
  var table = document.getElementById("queue");
  var body = document.getElementById("queue-rows");
  var empty = document.getElementById("queue-empty");
  if (!table || !body) { return; }
  var app = table.getAttribute("data-app");

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
      rows.appendChild(tr);
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
