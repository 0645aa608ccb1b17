// Fortfolio: the sign-in and sign-up forms before the app has started.
//
// The server sends every page already rendered, so the login form is on
// screen at once, under a slim loading bar, while the WebAssembly client
// (a few MB, cached after the first visit) starts. go-app then replaces
// the page's elements with its own. This script keeps what was typed
// meanwhile: a submit before the app runs is held (never sent by the
// browser as a plain form, which would put the password in the URL), the
// typed values are copied into the app's fields once it runs, and the held
// submit is then made through the app, with its own checks. No login logic
// lives here. Loaded with defer from /web (the CSP allows only 'self').
(function () {
  "use strict";
  var forms = { "login-form": "login-submit", "register-form": "register-submit" };
  var typed = {};
  var pending = "";

  function ready() { return !!document.getElementById("app-ready"); }

  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!ready() && el && el.id && el.form && forms[el.form.id] !== undefined) {
      typed[el.id] = el.value;
    }
  }, true);

  // The app handles every form itself (go-app's OnSubmit); the browser
  // never sends one as a plain form, whether the app runs yet or not.
  // go-app calls preventDefault from Go, after the event when the client
  // is busy, so it is done here, first.
  document.addEventListener("submit", function (e) {
    e.preventDefault();
    if (ready()) { return; }
    var f = e.target;
    if (!f || forms[f.id] === undefined) { return; }
    pending = f.id;
    var note = document.getElementById("early-note");
    if (!note) {
      note = document.createElement("p");
      note.id = "early-note";
      note.className = "muted";
      note.setAttribute("role", "status");
      f.appendChild(note);
    }
    note.textContent = "Starting the app… you will be signed in in a moment.";
  }, true);

  function handOver() {
    if (!ready()) { return false; }
    // The app may show something else first (a remembered browser being
    // resumed): wait until its fields are there.
    var ids = Object.keys(typed);
    for (var i = 0; i < ids.length; i++) {
      if (!document.getElementById(ids[i])) { return false; }
    }
    if (pending && !document.getElementById(forms[pending])) { return false; }
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.value) {
        el.value = typed[id];
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    typed = {};
    if (pending) {
      var button = document.getElementById(forms[pending]);
      pending = "";
      // After go-app has handled the input and change events.
      if (button) { setTimeout(function () { button.click(); }, 50); }
    }
    return true;
  }

  // go-app's server rendering writes disabled="false" for enabled buttons,
  // which HTML reads as disabled: enable them until the app takes over.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[disabled="false"]').forEach(function (el) { el.removeAttribute("disabled"); });
  });

  var watch = new MutationObserver(function () { if (handOver()) { watch.disconnect(); } });
  watch.observe(document.documentElement, { childList: true, subtree: true });
})();
