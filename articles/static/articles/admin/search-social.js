// The story form's search result and social card previews, kept in step
// with the fields as the editor types (issue 17, item 9). The server renders
// the same preview on every load (articles/admin/search_social.py); this
// repeats its fallbacks and cuts. The picture changes on save. A file, no
// inline code: the CSP forbids it.
"use strict";
(() => {
  const NO_DESCRIPTION = "No description: search engines pick words from the story.";
  const LABELS = { title: ["Title", "results"], description: ["Description", "results"], social: ["Card title", "cards"] };

  function oneLine(text) {
    return text.split(/\s+/).filter(Boolean).join(" ");
  }

  // As articles.models.search_social.cut_at_word.
  function cutAtWord(text, limit) {
    text = oneLine(text);
    const chars = [...text];
    if (chars.length <= limit) return text;
    let cut = chars.slice(0, limit - 1).join("");
    if (cut.includes(" ") && !/\s/.test(chars[limit - 1])) cut = cut.slice(0, cut.lastIndexOf(" "));
    return cut.replace(/[ ,;:.\-–—]+$/u, "") + "…";
  }

  function plain(html) {
    // An inert document: nothing in it runs or loads.
    return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
  }

  function start() {
    const preview = document.querySelector(".search-social-preview");
    const form = document.querySelector("#article_form");
    if (!preview || !form) return;
    const field = (name) => form.querySelector(`[name=${name}]`);
    const fields = ["headline", "standfirst", "seo_headline", "meta_description", "social_headline"].map(field);
    if (fields.some((input) => !input)) return; // read-only for this editor
    const [headline, standfirst, seo, meta, social] = fields;
    const limits = {
      title: Number(preview.dataset.titleLimit),
      description: Number(preview.dataset.descriptionLimit),
      social: Number(preview.dataset.socialLimit),
    };

    function count(kind, text) {
      const item = preview.querySelector(`[data-count=${kind}]`);
      const length = [...text].length;
      const over = length > limits[kind];
      const [label, where] = LABELS[kind];
      item.textContent = `${label}: ${length} of the ${limits[kind]} characters shown${over ? `: cut in ${where}` : ""}.`;
      item.classList.toggle("search-social-over", over);
    }

    function update() {
      const title = seo.value || headline.value;
      const description = meta.value ? oneLine(meta.value) : cutAtWord(plain(standfirst.value), limits.description);
      const card = social.value || title;
      preview.querySelector(".search-result__title").textContent = cutAtWord(title, limits.title);
      preview.querySelector(".search-result__description").textContent = cutAtWord(description, limits.description) || NO_DESCRIPTION;
      preview.querySelector(".social-card__title").textContent = cutAtWord(card, limits.social);
      preview.querySelector(".social-card__description").textContent = cutAtWord(description, limits.description);
      count("title", title);
      count("description", description);
      count("social", card);
    }

    for (const input of fields) input.addEventListener("input", update);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
