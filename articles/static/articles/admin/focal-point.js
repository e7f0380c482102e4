// Focal point picker for the image change page: click the photo to set the
// point that crops keep in frame. The number inputs stay the source of truth
// (and keyboard-usable); the marker only shows what they say.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const photo = document.querySelector("img.focal-point-preview");
  const inputX = document.getElementById("id_focal_x");
  const inputY = document.getElementById("id_focal_y");
  if (!photo || !inputX || !inputY) {
    return;
  }

  const frame = document.createElement("span");
  frame.className = "focal-point-frame";
  photo.parentNode.insertBefore(frame, photo);
  frame.appendChild(photo);
  const marker = document.createElement("span");
  marker.className = "focal-point-marker";
  marker.setAttribute("aria-hidden", "true");
  frame.appendChild(marker);
  photo.title = "Click the subject to set the focal point";

  const clamp = (value) => Math.min(1, Math.max(0, value));
  const fraction = (input) => {
    const value = parseFloat(input.value);
    // While a value is empty or half typed, show the default: the centre.
    return Number.isNaN(value) ? 0.5 : clamp(value);
  };
  // Style properties set from script are allowed under a strict CSP; style
  // attributes in the HTML would not be.
  const place = () => {
    marker.style.left = `${fraction(inputX) * 100}%`;
    marker.style.top = `${fraction(inputY) * 100}%`;
  };

  photo.addEventListener("click", (event) => {
    const box = photo.getBoundingClientRect();
    inputX.value = clamp((event.clientX - box.left) / box.width).toFixed(3);
    inputY.value = clamp((event.clientY - box.top) / box.height).toFixed(3);
    place();
  });
  inputX.addEventListener("input", place);
  inputY.addEventListener("input", place);
  place();
});
