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
  const place = () => {
    const x = clamp(parseFloat(inputX.value));
    const y = clamp(parseFloat(inputY.value));
    if (Number.isNaN(x) || Number.isNaN(y)) {
      marker.hidden = true;
      return;
    }
    marker.hidden = false;
    marker.style.left = `${x * 100}%`;
    marker.style.top = `${y * 100}%`;
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
