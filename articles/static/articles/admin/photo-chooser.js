// The photo chooser: one dialog over the story form, opened by the lead
// photo's "Choose a photo…" button and by the body editor's Photo button.
// It searches the library, shows each photo's thumbnail, credit and rights,
// uploads (by picking or dropping a file) without leaving the story, and
// refuses photos whose rights have expired (the server refuses them too).
// A file, not an inline script, and no style attributes: the admin's
// Content-Security-Policy allows neither.
"use strict";
(function () {
  let dialog = null;
  let parts = {};
  let urls = null;
  let request = null; // {mode: "lead" | "body", opener, editor, widget}
  let nextPage = null;
  let chosen = null;
  let sizes = {};
  let alignments = {};

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key === "hidden") node.hidden = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(text, urgent) {
    parts.status.textContent = text;
    parts.status.className = urgent ? "photo-chooser__status errornote" : "photo-chooser__status";
  }

  function field(id, label, control) {
    control.id = id;
    return el("div", { className: "photo-chooser__field" }, [
      el("label", { for: id, text: label }),
      control,
    ]);
  }

  function build() {
    parts.search = el("input", { type: "search", name: "q", autocomplete: "off" });
    parts.file = el("input", { type: "file", accept: "image/*" });
    parts.status = el("p", { className: "photo-chooser__status", role: "status" });
    parts.results = el("ul", { className: "photo-chooser__results", "aria-label": "Photos" });
    parts.more = el("button", { type: "button", className: "button", text: "Show more photos", hidden: true });
    parts.close = el("button", { type: "button", className: "button photo-chooser__close", text: "Close" });
    const searchForm = el("form", { className: "photo-chooser__search", role: "search" }, [
      field("photo-chooser-search", "Search the library", parts.search),
      el("button", { type: "submit", className: "button", text: "Search" }),
      el("p", { className: "help", text: "Caption, headline, credit, photographer or agency, file name." }),
    ]);
    parts.drop = el("div", { className: "photo-chooser__upload" }, [
      field("photo-chooser-file", "Upload a new photo", parts.file),
      el("p", { className: "help", text: "Or drop a photo file anywhere in this window. Caption and credits are read from the file." }),
    ]);
    parts.browse = el("section", { className: "photo-chooser__browse", "aria-label": "Library" }, [
      searchForm, parts.drop, parts.results, parts.more,
    ]);
    parts.details = buildDetails();
    dialog = el("dialog", { className: "photo-chooser", "aria-labelledby": "photo-chooser-title" }, [
      el("div", { className: "photo-chooser__head" }, [
        el("h2", { id: "photo-chooser-title", text: "Choose a photo" }),
        parts.close,
      ]),
      parts.status,
      parts.browse,
      parts.details,
    ]);
    document.body.append(dialog);

    searchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      load(1);
    });
    parts.more.addEventListener("click", () => load(nextPage));
    parts.close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      const opener = request && request.opener;
      request = null;
      if (opener && opener.isConnected) opener.focus();
    });
    parts.file.addEventListener("change", () => {
      if (parts.file.files.length) upload(parts.file.files[0]);
    });
    dialog.addEventListener("dragover", (event) => {
      event.preventDefault();
      dialog.classList.add("photo-chooser--dropping");
    });
    dialog.addEventListener("dragleave", () => dialog.classList.remove("photo-chooser--dropping"));
    dialog.addEventListener("drop", (event) => {
      event.preventDefault();
      dialog.classList.remove("photo-chooser--dropping");
      const file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) upload(file);
    });
  }

  function buildDetails() {
    parts.preview = el("img", { alt: "", className: "photo-chooser__preview" });
    parts.credit = el("p", { className: "photo-credit" });
    parts.size = el("select");
    parts.align = el("select");
    parts.alt = el("input", { type: "text", className: "vLargeTextField" });
    parts.caption = el("textarea", { rows: "3", className: "vLargeTextField" });
    parts.insert = el("button", { type: "button", className: "button default", text: "Insert photo" });
    parts.back = el("button", { type: "button", className: "button", text: "Back to the library" });
    parts.alignField = field("photo-chooser-align", "Alignment", parts.align);
    const details = el("section", { className: "photo-chooser__details", "aria-labelledby": "photo-chooser-place", hidden: true }, [
      el("h3", { id: "photo-chooser-place", text: "Place the photo in the text" }),
      parts.preview,
      parts.credit,
      field("photo-chooser-size", "Size", parts.size),
      parts.alignField,
      field("photo-chooser-alt", "Alt text (what the photo shows)", parts.alt),
      field("photo-chooser-caption", "Caption in this story", parts.caption),
      el("div", { className: "photo-chooser__buttons" }, [parts.insert, parts.back]),
    ]);
    parts.insert.addEventListener("click", insertIntoText);
    parts.back.addEventListener("click", () => showBrowse(true));
    return details;
  }

  function showBrowse(focusSearch) {
    parts.details.hidden = true;
    parts.browse.hidden = false;
    if (focusSearch) parts.search.focus();
  }

  // AI labels and the credentials' state (issue 22), as on the photo list.
  function provenanceBadges(photo) {
    return (photo.provenance || []).map((badge) =>
      el("span", { className: `provenance-badge provenance-${badge.key}`, text: badge.label }),
    );
  }

  function render(photo, first) {
    const expired = !photo.choosable;
    const title = photo.caption || photo.headline || `Untitled photo #${photo.id}`;
    const rightsId = `photo-chooser-rights-${photo.id}`;
    const choose = el("button", { type: "button", className: "photo-chooser__choose", "aria-describedby": rightsId }, [
      el("img", { src: photo.thumbnail, alt: "", loading: "lazy" }),
      el("span", { className: "photo-chooser__caption", text: title }),
    ]);
    if (expired) choose.disabled = true;
    const item = el("li", { className: `photo-chooser__item${expired ? " photo-chooser__item--expired" : ""}` }, [
      choose,
      el("span", { className: "photo-credit", text: photo.credit || "No credit" }),
      el("span", {
        className: `rights-badge rights-${photo.rights.status}`,
        id: rightsId,
        text: expired ? `${photo.rights.label}: cannot be used` : photo.rights.label,
      }),
      ...provenanceBadges(photo),
    ]);
    choose.addEventListener("click", () => pick(photo));
    const old = document.getElementById(rightsId);
    if (old) old.closest("li").remove();
    if (first) parts.results.prepend(item);
    else parts.results.append(item);
    return choose;
  }

  async function load(page) {
    const params = new URLSearchParams({ q: parts.search.value, page: String(page) });
    say("Searching…");
    let data;
    try {
      const response = await fetch(`${urls.list}?${params}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
    } catch (error) {
      say(`The library could not be searched: ${error.message}`, true);
      return;
    }
    if (page === 1) parts.results.replaceChildren();
    data.photos.forEach((photo) => render(photo, false));
    sizes = data.sizes;
    alignments = data.alignments || {};
    nextPage = data.next_page;
    parts.more.hidden = !nextPage;
    parts.drop.hidden = !data.can_upload;
    const shown = parts.results.children.length;
    say(shown ? `${shown} photo${shown === 1 ? "" : "s"} shown${nextPage ? "; more below" : ""}.` : "No photo matches.");
  }

  async function upload(file) {
    const body = new FormData();
    body.append("file", file);
    say(`Uploading ${file.name}…`);
    let data;
    let response;
    try {
      response = await fetch(urls.upload, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
      data = await response.json();
    } catch (error) {
      say(`The photo could not be uploaded: ${error.message}`, true);
      return;
    }
    parts.file.value = "";
    const photo = data.photo || data.existing;
    if (!photo) {
      say(data.error || "The photo could not be uploaded.", true);
      return;
    }
    const button = render(photo, true);
    say(response.ok ? `Uploaded. ${data.messages.join(" ")}` : data.error, !response.ok);
    button.focus();
  }

  function pick(photo) {
    if (!photo.choosable || !request) return;
    if (request.mode === "lead") {
      chooseLead(request.widget, photo);
      dialog.close();
      return;
    }
    chosen = photo;
    parts.preview.src = photo.thumbnail;
    parts.credit.textContent = `Credit: ${photo.credit || "none recorded"} (shown with the photo)`;
    parts.size.replaceChildren(...Object.entries(sizes).map(([name, label]) => el("option", { value: name, text: label })));
    const aligns = Object.entries(alignments);
    parts.align.replaceChildren(...aligns.map(([name, label]) => el("option", { value: name, text: label })));
    parts.alignField.hidden = aligns.length === 0;
    parts.alt.value = photo.alt;
    parts.caption.value = photo.caption;
    parts.browse.hidden = true;
    parts.details.hidden = false;
    parts.size.focus();
  }

  function insertIntoText() {
    const photo = chosen;
    const figure = el("figure", parts.align.value ? { class: parts.align.value } : {}, [
      el("img", { src: photo.sizes[parts.size.value], alt: parts.alt.value.trim() }),
    ]);
    const caption = parts.caption.value.trim();
    if (caption) figure.append(el("figcaption", { text: caption }));
    const editor = request.editor;
    dialog.close();
    // Serialised through the DOM: caption and alt text are escaped.
    editor.chain().focus().insertContent(figure.outerHTML).run();
  }

  function chooseLead(widget, photo) {
    const input = document.getElementById(widget.dataset.input);
    input.value = String(photo.id);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const current = widget.querySelector(".lead-photo__current");
    current.replaceChildren(
      el("img", { src: photo.thumbnail, alt: "", className: "admin-thumbnail" }),
      el("span", { className: "lead-photo__text" }, [
        el("span", { className: "lead-photo__caption", text: photo.caption || photo.headline || `Photo #${photo.id}` }),
        el("span", { className: "photo-credit", text: photo.credit || "No credit" }),
        el("span", { className: `rights-badge rights-${photo.rights.status}`, text: photo.rights.label }),
        ...provenanceBadges(photo),
      ]),
    );
    widget.querySelector(".lead-photo__remove").hidden = false;
    // The story's caption starts as the photo's own; the editor changes it
    // for this story in the field below.
    // (The social image has no caption of its own: no data-caption-input.)
    const caption = widget.dataset.captionInput && document.getElementById(widget.dataset.captionInput);
    if (caption && !caption.value.trim()) caption.value = photo.caption;
  }

  function open(mode, opener, extra) {
    if (!dialog) build();
    request = { mode, opener, ...extra };
    parts.search.value = "";
    dialog.querySelector("h2").textContent = mode === "lead" ? extra.widget.dataset.title : "Insert a photo";
    showBrowse(false);
    dialog.showModal();
    parts.search.focus();
    load(1);
  }

  function setUp() {
    const widget = document.querySelector("[data-photo-chooser]");
    if (!widget) return;
    urls = { list: widget.dataset.chooserUrl, upload: widget.dataset.uploadUrl };
    for (const lead of document.querySelectorAll("[data-photo-chooser=lead]")) {
      const opener = lead.querySelector(".photo-chooser-open");
      opener.addEventListener("click", () => open("lead", opener, { widget: lead }));
      const remove = lead.querySelector(".lead-photo__remove");
      remove.addEventListener("click", () => {
        document.getElementById(lead.dataset.input).value = "";
        lead.querySelector(".lead-photo__current").replaceChildren(el("span", { className: "lead-photo__none", text: lead.dataset.none }));
        remove.hidden = true;
        opener.focus();
      });
    }
  }

  // The body editor announces itself once Tiptap is running and draws its
  // toolbar a moment later (again after some changes): the toolbar gets a
  // Photo button that opens the same dialog, whenever it lacks one.
  function addToolbarButton(wrapper, editor) {
    const menubar = wrapper.querySelector(".prose-menubar:not(.prose-menubar--floating)");
    if (!menubar || menubar.querySelector(".photo-chooser-toolbar")) return;
    const button = el("button", {
      type: "button",
      className: "prose-menubar__button photo-chooser-toolbar",
      title: "Insert a photo from the library",
      "aria-label": "Insert a photo from the library",
      text: "Photo",
    });
    button.addEventListener("click", () => {
      if (urls) open("body", button, { editor });
    });
    menubar.append(el("div", { className: "prose-menubar__group" }, [button]));
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    const wrapper = textarea.closest(".prose-editor") || textarea.parentElement;
    if (!wrapper) return;
    addToolbarButton(wrapper, editor);
    new MutationObserver(() => addToolbarButton(wrapper, editor)).observe(wrapper, {
      childList: true,
      subtree: true,
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
