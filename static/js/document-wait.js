// A PDF that is being built for the first time: ask the server every two seconds whether it is
// ready and then open it. Without JavaScript the "Open the PDF" link does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-document-wait]");
  if (!box) { return; }
  var url = box.getAttribute("data-document-wait");
  var tries = 0;

  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && answer.ready) {
          window.location.replace(answer.url);
        } else if (tries < 60) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { if (tries < 60) { window.setTimeout(poll, 10000); } });
  }
  window.setTimeout(poll, 1500);
})();
