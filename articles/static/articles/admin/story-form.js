// The story form's counts (issue 17 item 8): the headline's length against
// what search results show, and the body's words and reading time. Written
// into elements of their own, no inline style (the CSP forbids it).
"use strict";
(() => {
  // Search results cut titles at about 60 characters (600 pixels).
  const SEARCH_TITLE = 60;
  const WORDS_PER_MINUTE = 230;

  function note(after, id) {
    const element = document.createElement("p");
    element.id = id;
    element.className = "story-count help";
    element.setAttribute("aria-live", "polite");
    after.insertAdjacentElement("afterend", element);
    return element;
  }

  function headlineCount(input, output) {
    const length = [...input.value].length;
    const over = length > SEARCH_TITLE;
    output.textContent = over
      ? `${length} characters: search results show about the first ${SEARCH_TITLE}.`
      : `${length} of the ${SEARCH_TITLE} characters search results show.`;
    output.classList.toggle("story-count-over", over);
  }

  function words(text) {
    return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  }

  function bodyCount(editor, output) {
    const count = words(editor.innerText || "");
    const minutes = Math.max(1, Math.ceil(count / WORDS_PER_MINUTE));
    const text = `${count} ${count === 1 ? "word" : "words"}, about ${minutes} min to read.`;
    // The observer sees this write too: write only a change, or it loops.
    if (output.textContent !== text) {
      output.textContent = text;
    }
  }

  function start() {
    const headline = document.querySelector("#article_form #id_headline");
    if (headline) {
      const output = note(headline, "story-headline-count");
      headline.setAttribute("aria-describedby", "story-headline-count");
      headlineCount(headline, output);
      headline.addEventListener("input", () => headlineCount(headline, output));
    }
    const body = document.querySelector("#article_form .field-body");
    if (!body) {
      return;
    }
    let output = null;
    const update = () => {
      const editor = body.querySelector(".ProseMirror[contenteditable=true]");
      if (!editor) {
        return;
      }
      output = output || note(body.querySelector(".prose-editor") || editor, "story-body-count");
      bodyCount(editor, output);
    };
    // The editor is drawn by its own script, maybe after this one runs.
    new MutationObserver(update).observe(body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
