// While a pack's PDF is being prepared, ask the server every few seconds how far it has come
// and update the notice in place: the page itself is never reloaded, so a half-typed note in
// the form below survives. Without JavaScript the "Check again" link does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-pack-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-pack-status");

  function show(name, doc) {
    var slot = box.querySelector('[data-document="' + name + '"]');
    if (!slot || !doc) { return false; }
    var progress = slot.querySelector("progress");
    var percent = slot.querySelector("[data-percent]");
    if (progress) { progress.value = doc.progress; }
    if (percent) { percent.textContent = doc.progress; }
    if (doc.state === "ready" && doc.url) {
      var link = slot.querySelector("[data-ready]");
      if (link) {
        link.href = doc.url;
        link.hidden = false;
        var pages = link.querySelector("[data-pages]");
        if (pages) { pages.textContent = doc.pages; }
      }
      var waiting = slot.querySelector("[data-waiting]");
      if (waiting) { waiting.hidden = true; }
      return false;
    }
    if (doc.state === "failed") {
      var failed = slot.querySelector("[data-failed]");
      if (failed) { failed.hidden = false; }
      var wait = slot.querySelector("[data-waiting]");
      if (wait) { wait.hidden = true; }
      return false;
    }
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) { return; }
        var pending = show("pack", answer.pack);
        pending = show("participants", answer.participants) || pending;
        if (pending) { window.setTimeout(poll, 3000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
