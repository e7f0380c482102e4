// The story form's soft lock and autosave (articles/admin/edit_sessions.py):
// a heartbeat keeps the lock (or takes it when its holder has gone), a closed
// tab frees it, and the form's fields are posted into the editor's own
// autosave every few seconds when they changed. A file, not inline code: the
// admin's Content-Security-Policy allows no inline script.
"use strict";
(() => {
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body) {
    body.set("csrfmiddlewaretoken", csrfToken());
    return fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    });
  }

  function showLock(state) {
    const lock = document.getElementById("edit-session-lock");
    const holder = document.getElementById("edit-session-holder");
    if (!lock || !holder) {
      return;
    }
    if (holder.textContent !== state.message) {
      holder.textContent = state.message;
    }
    lock.classList.toggle("edit-session-hidden", state.mine);
  }

  function statusLine(form) {
    const status = document.createElement("span");
    status.id = "edit-session-status";
    status.className = "edit-session-status";
    status.setAttribute("role", "status");
    const row = form.querySelector(".submit-row");
    (row || form).appendChild(status);
    return status;
  }

  // The form as a string, to see whether it changed since the last autosave.
  function snapshot(form) {
    const pairs = [];
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
        pairs.push(`${name}=${value}`);
      }
    }
    return pairs.join("\n");
  }

  function start() {
    const session = document.getElementById("edit-session");
    const form = document.getElementById("article_form");
    if (!session || !form || !session.dataset.autosave) {
      return;
    }
    const data = session.dataset;
    const beat = () => {
      const body = new FormData();
      body.set("token", data.token);
      post(data.heartbeat, body)
        .then((response) => (response.ok ? response.json() : null))
        .then((state) => state && showLock(state))
        .catch(() => {});
    };
    if (data.token) {
      window.setInterval(beat, Number(data.heartbeatEvery) * 1000);
      window.addEventListener("pagehide", () => {
        const body = new FormData();
        body.set("csrfmiddlewaretoken", csrfToken());
        body.set("token", data.token);
        navigator.sendBeacon(data.release, body);
      });
    }
    if (data.paused) {
      return; // an autosave is on offer: kept until restored or dismissed
    }
    const status = statusLine(form);
    let sent = snapshot(form);
    let dirty = false;
    let saving = false;
    // Typing in the body editor, the chooser and the autocompletes all end
    // in input or change events on the form.
    form.addEventListener("input", () => (dirty = true));
    form.addEventListener("change", () => (dirty = true));
    window.setInterval(() => {
      if (!dirty || saving) {
        return;
      }
      const now = snapshot(form);
      if (now === sent) {
        return;
      }
      saving = true;
      const body = new FormData();
      for (const [name, value] of new FormData(form)) {
        if (typeof value === "string") {
          body.append(name, value); // no file travels with an autosave
        }
      }
      post(data.autosave, body)
        .then((response) => (response.ok ? response.json() : null))
        .then((answer) => {
          if (answer) {
            sent = now;
            status.textContent = `Autosaved at ${answer.saved_at}`;
          }
        })
        .catch(() => {
          status.textContent = "Not autosaved: the server cannot be reached.";
        })
        .finally(() => {
          saving = false;
        });
    }, Number(data.autosaveEvery) * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
