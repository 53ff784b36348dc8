/* Brobygger's own script. Every page works without it; it only makes things smoother.
 * - sends the CSRF token with every htmx request (header X-CSRFToken);
 * - moves focus to an error summary when a form comes back with errors;
 * - on the kiosk, shows the idle warning dialog with "I need more time" (WCAG 2.2.1);
 * - counts characters under text areas that have a limit;
 * - shows print buttons (data-bb-print), which need it.
 * No eval, no inline handlers: the CSP forbids both.
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  function focusErrorSummary() {
    var summary = document.querySelector("[data-bb-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function idleWarning() {
    var body = document.body;
    var dialog = document.getElementById("idle-dialog");
    if (!dialog || !body.dataset.idleSeconds || typeof dialog.showModal !== "function") {
      return;
    }
    var warning = parseInt(body.dataset.warningSeconds, 10);
    var absoluteLeft = parseInt(body.dataset.absoluteSeconds, 10);
    var idleLeft = parseInt(body.dataset.idleSeconds, 10);
    var countdown = dialog.querySelector("[data-idle-countdown]");
    var extendButton = dialog.querySelector("[data-idle-extend]");
    var finalText = dialog.querySelector("[data-idle-final]");
    var started = Date.now();
    var idleDeadline = started + idleLeft * 1000;
    var absoluteDeadline = started + absoluteLeft * 1000;
    var timer = null;

    function deadline() {
      return Math.min(idleDeadline, absoluteDeadline);
    }

    function timeout() {
      window.location.assign(body.dataset.timeoutUrl);
    }

    function tick() {
      var left = Math.max(0, Math.ceil((deadline() - Date.now()) / 1000));
      if (left <= 0) {
        timeout();
        return;
      }
      if (left <= warning) {
        var final = absoluteDeadline <= idleDeadline;
        extendButton.hidden = final;
        finalText.hidden = !final;
        countdown.textContent = String(left);
        if (!dialog.open) {
          dialog.showModal();
          (final ? dialog.querySelector("[data-idle-signout]") : extendButton).focus();
        }
      }
      timer = window.setTimeout(tick, 1000);
    }

    extendButton.addEventListener("click", function () {
      extendButton.disabled = true;
      fetch(body.dataset.extendUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("extend failed");
          }
          return response.json();
        })
        .then(function (timing) {
          var now = Date.now();
          idleDeadline = now + timing.idle * 1000;
          absoluteDeadline = now + timing.absolute * 1000;
          dialog.close();
          extendButton.disabled = false;
        })
        .catch(timeout);
    });

    dialog.querySelector("[data-idle-signout]").addEventListener("click", timeout);
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape must not silently dismiss the warning
    });
    // Any activity on the page counts only when it reaches the server, so the
    // countdown follows the server's clock and never promises time it does not have.
    timer = window.setTimeout(tick, 1000);
    document.addEventListener("htmx:afterRequest", function (event) {
      // Polling (X-Brobygger-Background) is not activity: the server does not count it.
      var config = event.detail.requestConfig;
      if (config && config.headers && config.headers["X-Brobygger-Background"] === "1") {
        return;
      }
      idleDeadline = Date.now() + parseInt(body.dataset.idleSeconds, 10) * 1000;
    });
  }

  // A visible "N of MAX characters" under a text area (the limit is also in maxlength).
  function counters() {
    document.querySelectorAll("[data-bb-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.dataset.bbCounterFor);
      var max = parseInt(counter.dataset.bbCounterMax, 10);
      var template = counter.dataset.bbCounterText || "{count} / {max}";
      if (!field) {
        return;
      }
      function update() {
        counter.textContent = template
          .replace("{count}", String(field.value.length))
          .replace("{max}", String(max));
      }
      field.addEventListener("input", update);
      update();
    });
  }

  // j/k or the arrow keys move between the links of a list marked data-bb-keynav.
  document.addEventListener("keydown", function (event) {
    var list = event.target.closest ? event.target.closest("[data-bb-keynav]") : null;
    var forward = event.key === "j" || event.key === "ArrowDown";
    var back = event.key === "k" || event.key === "ArrowUp";
    if (!list || !(forward || back) || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll("tbody a"));
    if (!links.length) {
      return;
    }
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? 0 : Math.min(links.length - 1, Math.max(0, index + (forward ? 1 : -1)));
    links[next].focus();
    event.preventDefault();
  });

  // A print button (data-bb-print) stays hidden until this script can make it work.
  function printButtons() {
    document.querySelectorAll("[data-bb-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function start() {
    focusErrorSummary();
    counters();
    idleWarning();
    printButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
