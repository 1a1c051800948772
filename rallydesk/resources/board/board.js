// RallyDesk results board: live updates by server-sent events (polling /api/version when they
// are not available), and the TV cycle (?tv=1). Shipped with the package; no outside script.
(function () {
  "use strict";
  var body = document.body;
  var version = Number(body.getAttribute("data-version") || "0");
  var live = body.getAttribute("data-live") === "1";
  var tv = /[?&]tv=1(&|$)/.test(location.search);

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var before = {};
    document.querySelectorAll("#main tr[data-number]").forEach(function (tr) {
      before[tr.getAttribute("data-number")] = tr.textContent;
    });
    ["top", "main"].forEach(function (id) {
      var fresh = doc.getElementById(id), old = document.getElementById(id);
      if (fresh && old) { old.replaceWith(fresh); }
    });
    body.setAttribute("data-version", doc.body.getAttribute("data-version") || "0");
    document.querySelectorAll("#main tr[data-number]").forEach(function (tr) {
      var was = before[tr.getAttribute("data-number")];
      if (was !== undefined && was !== tr.textContent) { tr.classList.add("changed"); }
    });
  }

  function refresh(to) {
    if (to <= version) { return; }
    version = to;
    fetch(location.pathname, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) { swap(html); } })
      .catch(function () {});
  }

  function poll() {
    setInterval(function () {
      fetch("api/version", { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (v) { refresh(Number(v.version)); })
        .catch(function () {});
    }, 2000);
  }

  if (live) {
    if (window.EventSource) {
      var source = new EventSource("events");
      source.addEventListener("change", function (e) { refresh(Number(e.data)); });
      source.onmessage = function (e) { refresh(Number(e.data)); };
      var failures = 0;
      source.onerror = function () { failures += 1; if (failures === 5) { source.close(); poll(); } };
      source.onopen = function () { failures = 0; };
    } else {
      poll();
    }
  }

  if (tv) {
    body.classList.add("tv");
    var cycle = [];
    try { cycle = JSON.parse(body.getAttribute("data-cycle") || "[]"); } catch (e) { cycle = []; }
    if (cycle.length) {
      var here = location.pathname.split("/").pop() || "index.html";
      var next = cycle[(cycle.indexOf(here) + 1) % cycle.length];
      setTimeout(function () { location.href = next + "?tv=1"; }, 12000);
    }
  }
})();
