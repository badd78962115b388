// The vitface web page: upload a photo to POST /v1/analyze, draw each face's box over it and
// its perceived age, gender and race as probability bars. No external URLs, no build step.
// Elements carry data-* attributes (data-box, data-age, ...) so a browser test can read what was drawn.
"use strict";

const TASKS = [["age", "perceived age"], ["gender", "perceived gender"], ["race", "perceived race"]];

const fileInput = document.getElementById("file");
const drop = document.getElementById("drop");
const statusLine = document.getElementById("status");
const result = document.getElementById("result");
const stage = document.getElementById("stage");
const photo = document.getElementById("photo");
const list = document.getElementById("faces-list");
let photoUrl = null;

function setStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

function clearResult() {
  stage.querySelectorAll(".face-box").forEach((b) => b.remove());
  list.replaceChildren();
}

async function analyze(file) {
  if (!file) return;
  clearResult();
  if (photoUrl) URL.revokeObjectURL(photoUrl);
  photoUrl = URL.createObjectURL(file);
  photo.src = photoUrl;
  result.hidden = false;
  setStatus("busy", "Analysing " + file.name + " ...");
  const mode = document.getElementById("faces").value;
  const token = document.getElementById("token").value.trim();
  const headers = { "Content-Type": file.type && file.type.startsWith("image/") ? file.type : "image/*" };
  if (token) headers["Authorization"] = "Bearer " + token;
  try {
    const response = await fetch("v1/analyze" + (mode ? "?faces=" + encodeURIComponent(mode) : ""),
      { method: "POST", headers: headers, body: file });
    const answer = await response.json();
    if (!response.ok) {
      setStatus("error", "Error " + response.status + ": " + (answer.error || response.statusText));
      return;
    }
    show(answer);
  } catch (e) {
    setStatus("error", "The request failed: " + e.message);
  }
}

function show(answer) {
  const { width, height } = answer.image;
  answer.faces.forEach((face) => {
    stage.appendChild(boxFor(face, width, height));
    list.appendChild(cardFor(face));
  });
  if (answer.faces.length === 0) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "No face found.";
    list.appendChild(li);
  }
  result.dataset.faces = String(answer.faces.length);
  setStatus("done", answer.faces.length + (answer.faces.length === 1 ? " face" : " faces") + " (model "
    + answer.model.name + ", " + answer.model.backend + ", " + answer.model.precision + ").");
}

// Positioned in percent of the image, so the box stays on the face at any displayed size.
function boxFor(face, width, height) {
  const [x, y, w, h] = face.box;
  const box = document.createElement("div");
  box.className = "face-box";
  box.dataset.face = String(face.face);
  box.dataset.box = face.box.join(",");
  box.style.left = (100 * x / width) + "%";
  box.style.top = (100 * y / height) + "%";
  box.style.width = (100 * w / width) + "%";
  box.style.height = (100 * h / height) + "%";
  const label = document.createElement("span");
  label.textContent = "face " + (face.face + 1) + ": perceived " + face.age.label + ", " + face.gender.label + ", " + face.race.label;
  box.appendChild(label);
  return box;
}

function cardFor(face) {
  const li = document.createElement("li");
  li.className = "face";
  li.dataset.face = String(face.face);
  const title = document.createElement("h2");
  title.textContent = "Face " + (face.face + 1) + (face.score == null ? "" : " (detector score " + face.score.toFixed(2) + ")");
  li.appendChild(title);
  for (const [key, heading] of TASKS) {
    const task = face[key];
    li.dataset[key] = task.label;
    const section = document.createElement("div");
    section.className = "task";
    section.dataset.task = key;
    const h = document.createElement("h3");
    h.textContent = heading + ": " + task.label;
    section.appendChild(h);
    const entries = Object.entries(task.probabilities);
    // The model lists age bins as sorted strings ("3-9" after "20-29"); people read them by age.
    if (key === "age") entries.sort((a, b) => firstNumber(a[0]) - firstNumber(b[0]));
    for (const [label, p] of entries) section.appendChild(barFor(label, p, label === task.label));
    li.appendChild(section);
  }
  return li;
}

function firstNumber(label) {
  const m = label.match(/\d+/);
  return m ? Number(m[0]) : Number.MAX_VALUE;
}

function barFor(label, probability, top) {
  const row = document.createElement("div");
  row.className = "bar-row" + (top ? " top" : "");
  row.dataset.label = label;
  row.dataset.probability = String(probability);
  const name = document.createElement("span");
  name.textContent = label;
  const bar = document.createElement("div");
  bar.className = "bar";
  const fill = document.createElement("div");
  fill.style.width = (100 * probability).toFixed(1) + "%";
  bar.appendChild(fill);
  const value = document.createElement("span");
  value.textContent = (100 * probability).toFixed(1) + " %";
  row.append(name, bar, value);
  return row;
}

fileInput.addEventListener("change", () => analyze(fileInput.files[0]));
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  analyze(e.dataTransfer.files[0]);
});
