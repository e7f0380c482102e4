// The story form's actions (articles/admin/story_actions.py): a button with
// data-confirm asks before it changes what readers see. A yes clears the
// form's _ask_confirmation so the server acts at once; without this script
// the server asks on a page of its own instead.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (!button || !button.form) {
    return;
  }
  if (window.confirm(button.dataset.confirm)) {
    const ask = button.form.querySelector("input[name=_ask_confirmation]");
    if (ask) {
      ask.value = "";
    }
  } else {
    event.preventDefault();
  }
});
