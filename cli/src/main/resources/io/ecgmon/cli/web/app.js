// ecgmon live view: state over server-sent events, ECG strip by polling. No framework, no build step.
// Text goes into the page with textContent only, never as HTML.
"use strict";

const patients = new Map();        // patientId -> latest state object from the server
let selected = new URLSearchParams(location.hash.slice(1)).get("patient");
let alertCount = 0;
const MAX_FEED = 200;

const $ = (id) => document.getElementById(id);
const time = (iso) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/Z$/, "") : "");
const conf = (x) => (x === null || x === undefined ? "" : Number(x).toFixed(2));

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function renderPatient(p) {
  patients.set(p.patientId, p);
  let tr = document.querySelector(`tr[data-patient="${CSS.escape(p.patientId)}"]`);
  if (!tr) {
    tr = document.createElement("tr");
    tr.dataset.patient = p.patientId;
    tr.addEventListener("click", () => select(p.patientId));
    $("patients").appendChild(tr);
  }
  tr.replaceChildren();
  tr.dataset.status = p.status;
  tr.classList.toggle("selected", p.patientId === selected);
  cell(tr, p.patientId);
  const state = cell(tr, p.status);
  state.classList.add("state", "state-" + p.status);
  cell(tr, (p.classes || []).join(", ") || "–");
  cell(tr, conf(p.confidence));
  cell(tr, time(p.lastAlertAt || p.lastClassifiedAt || p.lastSegmentAt));
  $("patient-count").textContent = patients.size;
}

function renderAlert(a, atTop) {
  const li = document.createElement("li");
  li.className = "alert kind-" + a.kind;
  li.dataset.patient = a.patientId;
  li.dataset.kind = a.kind;
  li.textContent = `${time(a.raisedAt)}  ${a.patientId}  ${a.kind}  ${(a.classes || []).join(",") || "-"}  ${conf(a.confidence)}`;
  li.addEventListener("click", () => select(a.patientId));
  const list = $("alerts");
  if (atTop) list.prepend(li); else list.appendChild(li);
  while (list.children.length > MAX_FEED) list.lastChild.remove();
  alertCount += 1;
  $("alert-count").textContent = alertCount;
}

function select(patientId) {
  selected = patientId;
  location.hash = "patient=" + encodeURIComponent(patientId);
  document.querySelectorAll("#patients tr").forEach((tr) =>
    tr.classList.toggle("selected", tr.dataset.patient === selected));
  $("strip-patient").textContent = patientId;
  refreshStrip();
}

function connect() {
  const events = new EventSource("events");
  events.addEventListener("open", () => {
    $("connection").textContent = "live";
    $("connection").dataset.state = "open";
  });
  events.addEventListener("error", () => {
    $("connection").textContent = "reconnecting…";
    $("connection").dataset.state = "error";
  });
  events.addEventListener("snapshot", (e) => {
    const s = JSON.parse(e.data);
    patients.clear();
    $("patients").replaceChildren();
    $("alerts").replaceChildren();
    alertCount = 0;
    s.patients.forEach(renderPatient);
    s.alerts.slice().reverse().forEach((a) => renderAlert(a, true));
    if (!selected && s.patients.length) select(s.patients[s.patients.length - 1].patientId);
  });
  events.addEventListener("alert", (e) => renderAlert(JSON.parse(e.data), true));
  events.addEventListener("patient", (e) => {
    const p = JSON.parse(e.data);
    renderPatient(p);
    if (!selected) select(p.patientId);
  });
}

async function refreshStrip() {
  if (!selected) return;
  const res = await fetch("api/strip?patient=" + encodeURIComponent(selected), { cache: "no-store" });
  if (!res.ok) {
    $("strip-info").textContent = "no ECG received for this patient yet";
    draw(null);
    return;
  }
  draw(await res.json());
}

function draw(strip) {
  const canvas = $("strip-canvas");
  const mode = $("lead").value;
  const leadIdx = !strip ? [] : mode === "all" ? strip.leads.map((_, i) => i) : [Math.max(0, strip.leads.indexOf(mode))];
  const laneHeight = mode === "all" ? 70 : 220;
  canvas.height = Math.max(1, leadIdx.length) * laneHeight;
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!strip) { canvas.dataset.points = "0"; return; }
  const n = strip.values[0] ? strip.values[0].length : 0;
  const seconds = n / strip.rateHz;
  const span = Math.max(seconds, 10);
  const xOf = (i) => (i / strip.rateHz / span) * canvas.width;
  // paper grid: 0.2 s and 0.5 mV
  ctx.strokeStyle = "#f3caca";
  ctx.lineWidth = 1;
  for (let t = 0; t <= span; t += 0.2) {
    const x = (t / span) * canvas.width;
    ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, canvas.height); ctx.stroke();
  }
  let drawn = 0;
  leadIdx.forEach((lead, lane) => {
    const values = strip.values[lead];
    const mid = lane * laneHeight + laneHeight / 2;
    const mvToPx = laneHeight / 4; // 4 mV per lane
    ctx.fillStyle = "#59636e";
    ctx.fillText(strip.leads[lead], 4, lane * laneHeight + 12);
    ctx.strokeStyle = "#1d232a";
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      const y = mid - v * mvToPx;
      if (pen) ctx.lineTo(xOf(i), y); else ctx.moveTo(xOf(i), y);
      pen = true;
      drawn += 1;
    });
    ctx.stroke();
  });
  canvas.dataset.points = String(drawn);
  $("strip-info").textContent = `${seconds.toFixed(1)} s at ${strip.rateHz} Hz, ` +
    (mode === "all" ? `${strip.leads.length} leads` : `lead ${strip.leads[leadIdx[0]]}`);
}

$("lead").addEventListener("change", refreshStrip);
if (selected) $("strip-patient").textContent = selected;
connect();
setInterval(refreshStrip, 1000);
