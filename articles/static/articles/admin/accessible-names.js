// Accessible names for controls that widgets draw themselves, which a
// screen reader would otherwise announce without a name (axe-core rules
// "label" and "aria-input-field-name"): the body editor (Tiptap), the
// autocompletes (Select2), and file inputs that Django puts in a fieldset
// under a legend. Each borrows its field's own label. Widgets appear late
// and Select2 redraws its search box, so this runs again on every change.
"use strict";
(function () {
  const CONTROLS = [
    ".ProseMirror[contenteditable]",
    ".select2-selection",
    ".select2-selection__rendered[role=textbox]",
    ".select2-search__field",
    "input[type=file]",
    // A tabular inline's cells (a story's credits): named by their column.
    ".tabular td input:not([type=hidden])",
    ".tabular td select",
  ].join(", ");

  function fieldLabel(control) {
    const cell = control.closest(".tabular td");
    const head = cell && cell.closest("table").tHead;
    if (head && head.rows.length) {
      return head.rows[0].cells[cell.cellIndex] || null;
    }
    const container = control.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (select && select.id) {
      const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
      if (label) return label;
    }
    const row = control.closest(".fieldBox, .form-row");
    return row && row.querySelector("label, legend");
  }

  function labelId(label) {
    if (!label.id) {
      const base =
        label.htmlFor || label.textContent.toLowerCase().replace(/\W+/g, " ").trim().replace(/ /g, "-");
      label.id = `label-${base}`;
    }
    return label.id;
  }

  function name(control) {
    if (control.hasAttribute("aria-label")) return;
    if (control.labels && control.labels.length) return;
    const label = fieldLabel(control);
    if (!label) return;
    const id = labelId(label);
    const current = (control.getAttribute("aria-labelledby") || "").split(/\s+/);
    if (!current.includes(id)) {
      control.setAttribute("aria-labelledby", [id, ...current].join(" ").trim());
    }
  }

  function nameAll() {
    document.querySelectorAll(CONTROLS).forEach(name);
  }

  function start() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
