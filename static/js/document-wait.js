// A PDF that is being built for the first time: ask the server every two seconds whether it is
// ready and then open it. Each change (ready, failed, slow) is written into the page's status
// line, which screen readers announce. Without JavaScript the "Open the PDF" link does the
// same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-document-wait]");
  if (!box) { return; }
  var url = box.getAttribute("data-document-wait");
  var status = box.querySelector("[data-waiting]");
  var tries = 0;

  function say(key) {
    status.textContent = box.getAttribute("data-" + key + "-text");
  }

  function again(delay) {
    if (tries < 60) { window.setTimeout(poll, delay); } else { say("slow"); }
  }

  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && answer.ready) {
          say("ready");
          window.location.replace(answer.url);
        } else if (answer && answer.state === "failed") {
          say("failed");
        } else {
          again(2000);
        }
      })
      .catch(function () { again(10000); });
  }
  window.setTimeout(poll, 1500);
})();
