// Workshop view, progressive enhancement only: without this file the page shows the counts
// as they were when it loaded, and a Refresh link reloads it.
// Every few seconds the live counts are fetched as an HTML fragment from the URL in
// data-status-url and swapped into the aria-live region, but only when they changed, so a
// screen reader hears each change once. Polling stops when the round is no longer open.
(function () {
  "use strict";

  function start() {
    var region = document.getElementById("live-counts");
    if (!region || !region.dataset.statusUrl || !window.fetch) {
      return;
    }
    if (region.dataset.polling) {
      return; // already started (the script was loaded twice)
    }
    region.dataset.polling = "true";
    var seconds = Number(region.dataset.pollSeconds) || 5;

    function isOpen() {
      var counts = region.querySelector("[data-open]");
      return !!counts && counts.getAttribute("data-open") === "true";
    }

    function poll() {
      fetch(region.dataset.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        cache: "no-store",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var next = document.createElement("div");
          next.innerHTML = html;
          if (next.textContent.trim() !== region.textContent.trim()) {
            region.innerHTML = html;
          }
        })
        .catch(function () {
          // A dropped connection is not an error worth showing: try again next time.
        })
        .then(function () {
          if (isOpen()) {
            window.setTimeout(poll, seconds * 1000);
          }
        });
    }

    if (isOpen()) {
      window.setTimeout(poll, seconds * 1000);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
