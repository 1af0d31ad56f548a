// Knobs page: three screens driven by the REST API (documented at /q/openapi). No external resources.
"use strict";
const $ = (id) => document.getElementById(id);
let datasetId = null;
let live = null;

const csrf = document.querySelector('meta[name="csrf-token"]').content;

async function api(path, options = {}) {
  const method = (options.method || "GET").toUpperCase();
  if (method !== "GET") options.headers = Object.assign({ "X-CSRF-Token": csrf }, options.headers || {});
  const response = await fetch(path, options);
  if (response.status === 401) { location.href = "/login?next=" + encodeURIComponent("/" + location.hash); throw new Error("Your login has ended; log in again."); }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problems = body && body.problems ? "\n" + body.problems.map(p => `line ${p.line}, column ${p.column}: ${p.message}`).join("\n") : "";
    throw new Error((body && body.error ? body.error : response.statusText) + problems);
  }
  return body;
}

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

function fmt(v) { return typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v); }

function show(screen) {
  document.querySelectorAll(".screen").forEach(s => s.hidden = s.id !== "screen-" + screen);
  if (live) { live.close(); live = null; }
}

// ---- screen 1: new experiment -------------------------------------------------------------
function showDataset(d) {
  datasetId = d.id;
  const preview = $("dataset-preview");
  preview.replaceChildren();
  preview.append(el("p", `${d.name}: ${d.rows} rows, ${d.profile.columns.length} columns`));
  const table = el("table");
  const head = el("tr");
  d.profile.columns.forEach(c => head.append(el("th", `${c.name} (${c.type})`)));
  table.append(head);
  d.profile.preview.forEach(row => { const tr = el("tr"); row.forEach(cell => tr.append(el("td", cell))); table.append(tr); });
  preview.append(table);
  const label = $("label-column");
  label.replaceChildren(...d.profile.columns.map(c => el("option", c.name, { value: c.name })));
  label.value = d.profile.columns[d.profile.columns.length - 1].name;
  columns = d.profile.columns;
  showMetrics();
}

// The metrics of the task the label column makes (the server decides the same way): a numeric
// column with more than ten values is regression, anything else classification.
let columns = [];
const METRICS = { classification: [["accuracy", "maximize"], ["macro_f1", "maximize"], ["logloss", "minimize"]],
  regression: [["rmse", "minimize"], ["mae", "minimize"], ["r2", "maximize"]] };
function showMetrics() {
  const c = columns.find(col => col.name === $("label-column").value);
  if (!c) return;
  const task = c.type === "numeric" && c.distinct > 10 ? "regression" : "classification";
  $("metric").replaceChildren(el("option", `as the text says, else ${METRICS[task][0][0]}`, { value: "" }),
    ...METRICS[task].map(([m, goal]) => el("option", `${m} (${task}, usually ${goal}d)`, { value: m })));
}
$("label-column").addEventListener("change", showMetrics);

async function loadDatasets() {
  const pick = $("dataset-pick");
  const list = await api("/api/datasets?limit=500");
  pick.replaceChildren(el("option", "—", { value: "" }), ...list.map(d => el("option", `${d.name} (${d.rows} rows)`, { value: d.id })));
}

async function uploadDataset(file) {
  if (!file) return;
  $("new-error").textContent = "";
  $("dataset-preview").textContent = `Uploading ${file.name}…`;
  const form = new FormData();
  form.append("file", file);
  try { showDataset(await api("/api/datasets", { method: "POST", body: form })); loadDatasets(); }
  catch (err) { $("dataset-preview").textContent = ""; $("new-error").textContent = err.message; }
}
$("dataset-file").addEventListener("change", (e) => uploadDataset(e.target.files[0]));
// the sample dataset, its label column chosen: press Start
$("try-sample").addEventListener("click", async () => {
  $("new-error").textContent = "";
  try {
    const d = await api("/api/datasets/sample", { method: "POST" });
    showDataset(d);
    await loadDatasets();
    $("dataset-pick").value = d.id;
    $("label-column").value = "churn";
    showMetrics();
  } catch (err) { $("new-error").textContent = err.message; }
});
// drag and drop a CSV onto the drop zone (the file input inside it also works by keyboard)
const drop = $("drop-zone");
["dragenter", "dragover"].forEach(t => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
["dragleave", "drop"].forEach(t => drop.addEventListener(t, () => drop.classList.remove("over")));
drop.addEventListener("drop", (e) => { e.preventDefault(); uploadDataset(e.dataTransfer.files[0]); });

$("dataset-pick").addEventListener("change", async (e) => {
  if (e.target.value) showDataset(await api("/api/datasets/" + encodeURIComponent(e.target.value)));
});

let spaceTimer = null;
$("space").addEventListener("input", () => { clearTimeout(spaceTimer); spaceTimer = setTimeout(checkSpace, 250); });
// the algorithm's names: "learning rate", "학습률", "트리 깊이" … resolve, unknown names are caught;
// "my own code" asks for the code, its command line and the metric it reports
$("algorithm").addEventListener("change", () => {
  const own = $("algorithm").value === "custom";
  $("own-code").hidden = !own;
  // your own code names a second objective in the text (maximize score, minimize latency_ms)
  $("second").closest("label").hidden = own;
  $("label-column").required = !own;
  if ($("space").value.trim()) checkSpace();
});

// a user's own code: a .py (kept under its own name) or a .zip, uploaded as theirs
async function uploadTrainer() {
  const file = $("trainer-file").files[0];
  if (!file) throw new Error("Choose your training code first: a .py file or a .zip.");
  const zip = file.name.toLowerCase().endsWith(".zip");
  const stem = file.name.replace(/\.[^.]*$/, "");
  const url = `/api/trainers?name=${encodeURIComponent(stem)}` + (zip ? "" : `&file=${encodeURIComponent(file.name)}`);
  const made = await api(url, { method: "POST", headers: { "Content-Type": zip ? "application/zip" : "text/x-python" }, body: file });
  return made.archiveId;
}
let textObjectives = 0;  // how many objectives the space's text names (its last preview)
async function checkSpace() {
  const feedback = $("space-feedback");
  try {
    const parsed = await api("/api/search-space/parse?algorithm=" + encodeURIComponent($("algorithm").value),
      { method: "POST", headers: { "Content-Type": "text/plain" }, body: $("space").value });
    feedback.className = "feedback ok";
    feedback.textContent = parsed.summary.join("\n");
    textObjectives = (parsed.objectives || []).length;
    return true;
  } catch (err) {
    feedback.className = "feedback bad";
    feedback.textContent = err.message;
    return false;
  }
}

$("new-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("new-error").textContent = "";
  const own = $("algorithm").value === "custom";
  if (!datasetId && !own) { $("new-error").textContent = "Upload a CSV dataset or pick an earlier one first."; return; }
  const request = {
    datasetId: datasetId || null, labelColumn: datasetId ? $("label-column").value : null, algorithm: $("algorithm").value, searchSpace: $("space").value,
    searchAlgorithm: $("search").value || null,
    earlyStopping: $("early-stopping").value || null,
    budget: { maxTrials: +$("max-trials").value, parallelTrials: +$("parallel").value, maxFailedTrials: Math.max(1, Math.floor(+$("max-trials").value / 4)),
      maxDurationSeconds: $("time-limit").value ? Math.round(60 * +$("time-limit").value) : null },
    resources: { cpu: +$("cpu").value, memoryMb: +$("memory").value, deadlineSeconds: 900 }
  };
  request.objective = { metric: $("metric").value || null, goal: $("goal").value || null, target: $("target").value !== "" ? +$("target").value : null };
  try {
    if (own) {
      request.trainer = { archiveId: await uploadTrainer(), command: $("trainer-command").value };
      request.objective.metric = $("own-metric").value.trim();
      request.objective.goal = request.objective.goal || "MAXIMIZE";
    }
    if ($("second").value && !own) {
      request.objectives = [request.objective, { metric: $("second").value }];
      delete request.objective;
    }
    if (($("second").value && !own) || textObjectives === 2) request.publishWithin = +$("publish-within").value / 100;
    const created = await api("/api/experiments", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
    location.hash = "#experiment/" + created.id;
  } catch (err) { $("new-error").textContent = err.message; }
});

// ---- screen 2: experiment ------------------------------------------------------------------
function trialTable(table, trials, bestId) {
  const names = [...new Set(trials.flatMap(t => Object.keys(t.parameters)))];
  const metrics = [...new Set(trials.flatMap(t => Object.keys(t.metrics || {})))];
  const head = el("tr");
  ["#", "state", ...names, ...metrics, "step", "note", ""].forEach(h => head.append(el("th", h)));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...trials.map(t => {
    const tr = el("tr", null, t.id === bestId ? { class: "best" } : {});
    tr.append(el("td", t.rank ? `${t.rank}. (trial ${t.number})` : t.number), el("td", t.state.toLowerCase()));
    names.forEach(n => tr.append(el("td", t.parameters[n] === undefined ? "" : fmt(t.parameters[n]))));
    metrics.forEach(m => tr.append(el("td", t.metrics && t.metrics[m] !== undefined ? fmt(t.metrics[m]) : "")));
    // a trial run again after a crash says so: its attempt, and why the earlier ones ended
    const note = [t.reason, t.attempt > 1 ? `attempt ${t.attempt}; ${t.history || ""}` : null]
      .filter(Boolean).join(" · ");
    tr.append(el("td", t.lastStep == null ? "" : t.lastStep), el("td", note));
    const output = el("td");
    if (t.startedAt) {
      const show = el("button", "Output", { type: "button", "aria-label": `Output of trial ${t.number}` });
      show.addEventListener("click", () => showOutput(t).catch(err => { $("trial-output").textContent = err.message; }));
      output.append(show);
    }
    tr.append(output);
    return tr;
  }));
}

async function deleteExperiment(id, name) {
  if (!confirm(`Delete experiment ${name}, its trials and their output? A model it published stays served.`)) return;
  try { await api(`/api/experiments/${encodeURIComponent(id)}`, { method: "DELETE" }); location.hash = "#experiments"; }
  catch (err) { $("exp-error").textContent = err.message; }
}

// "Extend": more trials for an ended experiment, its search going on from its history; the page
// follows it again (EXTENDING until the functions take it up, then RUNNING)
async function extendExperiment(id) {
  $("exp-error").textContent = "";
  const view = await api(`/api/experiments/${encodeURIComponent(id)}/extend`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ additionalTrials: Number($("extend-trials").value) }) });
  if (!await refreshExperiment(id, view) && !live) follow(id);
}

// "Run again…": the new-experiment form, filled with this experiment's request, to edit and start
let pendingClone = null;
async function cloneExperiment(id) {
  pendingClone = await api(`/api/experiments/${encodeURIComponent(id)}/request`);
  if (location.hash === "#new") await route(); else location.hash = "#new";  // route() fills it
}

async function fillForm(r) {
  if (r.datasetId) {
    const d = await api("/api/datasets/" + encodeURIComponent(r.datasetId));
    if (![...$("dataset-pick").options].some(o => o.value === d.id)) $("dataset-pick").append(el("option", `${d.name} (${d.rows} rows)`, { value: d.id }));
    $("dataset-pick").value = d.id;
    showDataset(d);
    $("label-column").value = r.labelColumn;
    showMetrics();
    const first = r.objective || (r.objectives && r.objectives[0]);
    if (first && first.metric) $("metric").value = first.metric;
  }
  if (r.algorithm && [...$("algorithm").options].some(o => o.value === r.algorithm)) $("algorithm").value = r.algorithm;
  $("space").value = r.searchSpace;
  $("search").value = r.searchAlgorithm || "";
  $("early-stopping").value = r.earlyStopping && r.earlyStopping.rule !== "NONE" ? r.earlyStopping.rule.toLowerCase() : "";
  $("max-trials").value = r.budget.maxTrials;
  $("parallel").value = r.budget.parallelTrials;
  $("time-limit").value = r.budget.maxDurationSeconds ? Math.round(r.budget.maxDurationSeconds / 60) : "";
  if (r.resources) { $("cpu").value = r.resources.cpu; $("memory").value = r.resources.memoryMb; }
  const first = r.objective || (r.objectives && r.objectives[0]);
  if (first) { $("goal").value = first.goal || ""; $("target").value = first.target ?? ""; }
  const second = r.objectives && r.objectives[1];
  $("second").value = second && [...$("second").options].some(o => o.value === second.metric) ? second.metric : "";
  $("publish-within").value = r.publishWithin != null ? Math.round(1e6 * 100 * r.publishWithin) / 1e6 : 1;
}

// Two objectives: the Pareto front (plot, rule in words, and the front as a table, the pick marked).
async function showFront(id, e, version) {
  $("exp-front").hidden = !e.secondObjective;
  if (!e.secondObjective) return;
  const base = `/api/experiments/${encodeURIComponent(id)}/pareto-front`;
  const f = await api(base);
  $("front-rule").textContent = `Published: ${f.rule}` + (f.published != null ? ` — now trial ${f.published}.` : ".");
  $("plot-front").src = `${base}.svg?v=${version}`;
  const head = el("tr");
  ["#", f.objective.metric, f.secondObjective.metric, ""].forEach(h => head.append(el("th", h)));
  $("front").tHead.replaceChildren(head);
  $("front").tBodies[0].replaceChildren(...f.front.map(t => {
    const row = el("tr");
    if (t.published) row.className = "best";
    [t.number, fmt(t.value), fmt(t.secondValue)].forEach(v => row.append(el("td", String(v))));
    const action = el("td", t.published ? "the rule's pick" : "");
    // another trade-off: its model becomes the next version of the experiment's model
    if (e.status === "SUCCEEDED" && e.model) {
      const serve = el("button", "Serve this one", { type: "button", "aria-label": `Serve trial ${t.number}'s model` });
      serve.addEventListener("click", async () => {
        try {
          const p = await api(`/api/experiments/${encodeURIComponent(id)}/trials/${encodeURIComponent(t.trialId)}/publish`, { method: "POST" });
          $("front-rule").textContent = `Trial ${p.trial}'s model is being published as the next version of ${p.model}.`;
        } catch (err) { $("exp-error").textContent = err.message; }
      });
      action.append(" ", serve);
    }
    row.append(action);
    return row;
  }));
}

// Analysis: importance (with its numbers in words, the plot's text alternative), slice, timeline,
// intermediate values; refreshed as trials finish.
async function showAnalysis(id, e, version) {
  const base = `/api/experiments/${encodeURIComponent(id)}/analysis`;
  const imp = await api(`${base}/importance`);
  const words = imp.importances.map(i => `${i.parameter} ${fmt(i.importance)}`).join(" · ");
  $("importance-text").textContent = words ? `${words} — ${imp.method}` : "Importance needs at least 6 succeeded trials.";
  $("plot-importance").alt = "Hyperparameter importance: " + (words || "not yet");
  $("plot-importance").src = `${base}/importance.svg?v=${version}`;
  const names = (e.searchSpace || []).filter(s => !s.includes(": always ")).map(s => s.split(":")[0]);
  const select = $("slice-param");
  if (select.options.length !== names.length) {
    select.replaceChildren(...names.map(n => el("option", n, { value: n })));
    select.onchange = () => { $("plot-slice").src = `${base}/slice.svg?param=${encodeURIComponent(select.value)}&v=${Date.now()}`; };
  }
  if (select.value) $("plot-slice").src = `${base}/slice.svg?param=${encodeURIComponent(select.value)}&v=${version}`;
  // a contour needs two searched parameters: the first two, then as chosen
  const cx = $("contour-x"), cy = $("contour-y");
  $("plot-contour").closest("figure").hidden = names.length < 2;
  if (names.length >= 2) {
    if (cx.options.length !== names.length) {
      cx.replaceChildren(...names.map(n => el("option", n, { value: n })));
      cy.replaceChildren(...names.map(n => el("option", n, { value: n })));
      cy.value = names[1];
    }
    const contour = () => {
      if (cx.value !== cy.value) $("plot-contour").src = `${base}/contour.svg?x=${encodeURIComponent(cx.value)}&y=${encodeURIComponent(cy.value)}&v=${version}-${cx.value}-${cy.value}`;
    };
    cx.onchange = contour; cy.onchange = contour;
    contour();
  }
  $("plot-timeline").src = `${base}/timeline.svg?v=${version}`;
  $("plot-intermediate").src = `${base}/intermediate.svg?v=${version}`;
}

// A trial's output, a page at a time (every attempt's standard output and error, as kept).
let outputNext = null;
async function showOutput(t, more = false) {
  const experiment = t.id.replace(/-t\d+$/, "");
  const base = `/api/experiments/${encodeURIComponent(experiment)}/trials/${encodeURIComponent(t.id)}/output`;
  const page = await api(`${base}?offset=${more ? outputNext : 0}&limit=65536`);
  $("trial-output-panel").hidden = false;
  $("trial-output-title").textContent = `Output of trial ${t.number} (${page.size} bytes)`;
  if (!more) $("trial-output").textContent = "";
  $("trial-output").textContent += page.text;
  outputNext = page.next;
  $("trial-output-more").hidden = page.next === null;
  $("trial-output-more").onclick = () => showOutput(t, true);
  $("trial-output-download").href = `${base}.txt`;
}

// an example request built from the model's own inputs: one value per named input column
// Copy-ready request bodies built from the model's own inputs: one row of named features, and the
// same row as Open Inference Protocol (V2) tensors (a batch of one; -1 dimensions become 1).
async function exampleRequests(name) {
  try {
    const m = await api("/api/models/" + encodeURIComponent(name));
    const row = {};
    const inputs = (m.inputs || []).map(i => {
      const shape = (i.shape && i.shape.length ? i.shape : [1]).map(d => d < 0 ? 1 : d);
      const size = shape.reduce((a, b) => a * b, 1);
      const value = i.datatype === "BYTES" ? "text" : 0;
      row[i.name] = size === 1 ? value : Array(size).fill(value);
      return { name: i.name, shape, datatype: i.datatype, data: Array(size).fill(value) };
    });
    return { named: JSON.stringify({ instances: [row] }), v2: JSON.stringify({ inputs }), tokenRequired: !!m.tokenRequired };
  } catch (err) {
    return { named: JSON.stringify({ instances: [{}] }), v2: JSON.stringify({ inputs: [] }), tokenRequired: false };
  }
}

async function servedBox(box, name, url, withLink = true) {
  const examples = await exampleRequests(name);
  const body = examples.named;
  const auth = examples.tokenRequired ? ` -H "Authorization: Bearer $MODEL_TOKEN"` : "";
  box.replaceChildren(el("p", "Your model is served at "), el("code", url), el("p", "Try it (named features):"),
    el("code", `curl -s -X POST ${url}/v1/models/${name}:predict${auth} -H 'Content-Type: application/json' -d '${body}'`),
    el("p", "Open Inference Protocol (V2) metadata and inference:"),
    el("code", `curl -s ${url}/v2/models/${name}${auth}`),
    el("code", `curl -s -X POST ${url}/v2/models/${name}/infer${auth} -H 'Content-Type: application/json' -d '${examples.v2}'`));
  if (examples.tokenRequired) box.append(el("p", "This endpoint needs its token: set MODEL_TOKEN to it (the model's Access section makes one)."));
  if (withLink) box.append(el("a", "Model details and try it", { href: "#model/" + name }));
}

async function refreshExperiment(id, view) {
  const [e, top, trials] = await Promise.all([view ? Promise.resolve(view) : api(`/api/experiments/${id}`), api(`/api/experiments/${id}/leaderboard`), api(`/api/experiments/${id}/trials`)]);
  const stopping = e.earlyStopping && e.earlyStopping.rule !== "NONE" ? `, ${e.earlyStopping.rule.toLowerCase()} early stopping` : "";
  $("exp-title").textContent = `${e.name} — ${e.algorithm}, ${e.searchAlgorithm} search${stopping}`;
  $("exp-status").textContent = e.status + (e.stopReason ? ` — ${e.stopReason}` : "");
  const p = e.trials;
  $("exp-bar").setAttribute("aria-valuemax", p.budget);
  $("exp-bar").setAttribute("aria-valuenow", p.finished);
  $("exp-bar-fill").style.width = `${100 * p.finished / p.budget}%`;
  $("exp-counts").textContent = `${p.finished} of ${p.budget} finished · ${p.running} running${p.waiting ? ` (${p.waiting} waiting)` : ""} · ${p.succeeded} succeeded · ${p.failed} failed`
    + (p.pruned ? ` · ${p.pruned} pruned` : "") + (p.stopped ? ` · ${p.stopped} stopped` : "")
    + (e.best && !e.secondObjective ? ` · best ${e.objective.metric} ${fmt(e.best.value)}` : "")
    + (e.secondObjective ? ` · ${e.objective.metric} traded against ${e.secondObjective.metric}`
      + (e.best ? ` · ${["SUCCEEDED", "PUBLISHING"].includes(e.status) ? "published" : "best so far"}: ${e.objective.metric} ${fmt(e.best.value)}` : "") : "");
  trialTable($("leaderboard"), top, e.best && e.best.trialId);
  trialTable($("trials"), trials, e.best && e.best.trialId);
  $("exp-delete").hidden = !["SUCCEEDED", "FAILED", "CANCELLED"].includes(e.status);
  $("exp-delete").onclick = () => deleteExperiment(id, e.name);
  $("exp-clone").onclick = () => cloneExperiment(id).catch(err => { $("exp-error").textContent = err.message; });
  $("exp-extend").hidden = !["SUCCEEDED", "FAILED", "CANCELLED"].includes(e.status) || p.requested === 0;
  $("exp-extend-go").onclick = () => extendExperiment(id).catch(err => { $("exp-error").textContent = err.message; });
  $("exp-csv").href = `/api/experiments/${encodeURIComponent(id)}/trials.csv`;
  $("exp-json").href = `/api/experiments/${encodeURIComponent(id)}/trials.json`;
  const version = `${p.finished}-${e.status}`;
  if ($("plot-history").dataset.version !== version) {
    $("plot-history").dataset.version = version;
    $("plot-history").src = `/api/experiments/${id}/plots/history.svg?v=${version}`;
    $("plot-parallel").src = `/api/experiments/${id}/plots/parallel-coordinates.svg?v=${version}`;
    showAnalysis(id, e, version).catch(() => {});
    showFront(id, e, version).catch(() => {});
  }
  $("exp-cancel").hidden = e.status !== "RUNNING";
  $("exp-cancel").dataset.id = e.id;
  const box = $("exp-model");
  if (e.model && box.hidden) { box.hidden = false; await servedBox(box, e.model.name, e.model.url); }
  return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(e.status);
}

$("exp-cancel").addEventListener("click", async (ev) => {
  const id = ev.target.dataset.id;
  if (!confirm("Cancel this experiment? Its running trials are stopped and nothing is published.")) return;
  $("exp-error").textContent = "";
  try {
    await api(`/api/experiments/${id}/cancel`, { method: "POST" });
    ev.target.hidden = true;
    $("exp-status").textContent = "Cancelling…";
  } catch (err) { $("exp-error").textContent = err.message; }
});

// ---- lists and screen 3: model ------------------------------------------------------------------
// Lists come a page at a time (newest first); the search box narrows them by name or id.
let experimentPage = 0;
async function showExperiments(more = false) {
  experimentPage = more ? experimentPage + 1 : 0;
  const q = encodeURIComponent($("experiment-search").value.trim());
  const response = await fetch(`/api/experiments?limit=50&offset=${experimentPage * 50}&q=${q}`);
  if (!response.ok) throw new Error((await response.json()).error);
  const total = +response.headers.get("X-Total-Count");
  const list = await response.json();
  const rows = list.map(e => {
    const tr = el("tr");
    const a = el("a", e.name, { href: "#experiment/" + e.id });
    const td = el("td"); td.append(a);
    tr.append(td, el("td", e.status), el("td", `${e.trials.finished}/${e.trials.budget}`), el("td", e.best ? fmt(e.best.value) : ""));
    return tr;
  });
  if (more) $("experiment-list").tBodies[0].append(...rows); else $("experiment-list").tBodies[0].replaceChildren(...rows);
  const shown = $("experiment-list").tBodies[0].rows.length;
  $("experiment-count").textContent = `${shown} of ${total}`;
  $("experiment-more").hidden = shown >= total;
}
$("experiment-more").addEventListener("click", () => showExperiments(true).catch(err => alert(err.message)));
let searchTimer = null;
$("experiment-search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => showExperiments().catch(() => {}), 250); });
$("model-search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => showModels().catch(() => {}), 250); });

async function showModels() {
  const list = await api("/api/models?limit=200&q=" + encodeURIComponent($("model-search").value.trim()));
  $("model-list").tBodies[0].replaceChildren(...list.map(m => {
    const tr = el("tr");
    const td = el("td"); td.append(el("a", m.name, { href: "#model/" + m.name }));
    tr.append(td, el("td", m.url), el("td", m.revision), el("td", m.state));
    return tr;
  }));
}

$("onnx-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData();
  form.append("name", $("onnx-name").value);
  form.append("file", $("onnx-file").files[0]);
  try {
    const m = await api("/api/models", { method: "POST", body: form });
    $("onnx-result").textContent = `Publishing ${m.name} as a new version (earlier versions stay callable); inputs: ${m.inputs.map(i => i.name).join(", ")}`;
    setTimeout(showModels, 1500);
  } catch (err) { $("onnx-result").textContent = err.message; }
});

// The try-it form: one field per input of the model; the web front forwards the row to the
// endpoint (no cross-origin call from the page) and shows its answer.
function tryForm(m) {
  const fields = $("try-fields");
  fields.replaceChildren(...(m.inputs || []).map((input, k) => {
    const wrap = el("div");
    const numeric = input.datatype !== "BYTES";
    const width = (input.shape || []).length > 1 ? input.shape[input.shape.length - 1] : 1;
    const hint = width > 1 ? ` (${width} numbers, comma-separated)` : "";
    wrap.append(el("label", input.name + hint, { for: "try-" + k }),
      el("input", null, { id: "try-" + k, name: input.name, required: "", inputmode: numeric && width === 1 ? "decimal" : "text", "data-numeric": numeric, "data-width": width }));
    return wrap;
  }));
  $("try-form").dataset.model = m.name;
  $("try-result").hidden = true;
}

$("try-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const row = {};
  $("try-fields").querySelectorAll("input").forEach(input => {
    const v = input.value.trim();
    if (input.dataset.numeric !== "true") row[input.name] = v;
    else if (Number(input.dataset.width) > 1) row[input.name] = v.split(",").map(Number);
    else row[input.name] = v === "" || isNaN(Number(v)) ? v : Number(v);
  });
  const out = $("try-result");
  out.hidden = false;
  out.textContent = "Asking the model (it may be starting from zero)…";
  try {
    const answer = await api(`/api/models/${encodeURIComponent($("try-form").dataset.model)}/predict`, json({ instances: [row] }));
    out.textContent = JSON.stringify(answer, null, 2);
  } catch (err) { out.textContent = err.message; }
});

function showAccess(m) {
  $("access-state").textContent = m.tokenRequired
    ? "Requests to this endpoint need its token (Authorization: Bearer <token>); health checks do not."
    : "Anyone who can reach this endpoint can use it.";
  $("access-require").textContent = m.tokenRequired ? "Make a new token (the old one stops working)" : "Require a token";
  $("access-open").hidden = !m.tokenRequired;
}

async function changeAccess(requireToken) {
  const name = $("try-form").dataset.model;
  try {
    const a = await api(`/api/models/${encodeURIComponent(name)}/access`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ requireToken }) });
    const box = $("access-token");
    box.hidden = !a.token;
    if (a.token) box.replaceChildren(el("p", "The model's token — copy it now, it is not shown again:"), el("code", a.token, { id: "model-token" }));
    await showModel(name, true);
  } catch (err) { $("access-state").textContent = err.message; }
}
$("access-require").addEventListener("click", () => changeAccess(true));
$("access-open").addEventListener("click", () => changeAccess(false));

async function showModel(name, keepToken = false) {
  const m = await api("/api/models/" + encodeURIComponent(name));
  if (!keepToken) $("access-token").hidden = true;
  showAccess(m);
  tryForm(m);
  $("model-title").textContent = `${m.name} (version ${m.revision}, ${m.state})`;
  await servedBox($("model-served"), m.name, m.url, false);
  $("model-signature").textContent = JSON.stringify({ inputs: m.inputs, outputs: m.outputs }, null, 2);
  const s = m.scaling || {};
  $("scale-min").value = s.minScale; $("scale-max").value = s.maxScale;
  $("scale-target").value = s.targetConcurrency; $("scale-delay").value = s.scaleDownDelaySeconds;
  await showVersions(m);
}

// A model's versions: each one's share of traffic and own URL, and what its owner can do with it.
async function showVersions(m) {
  const name = m.name;
  const versions = await api(`/api/models/${encodeURIComponent(name)}/versions`);
  const path = `/api/models/${encodeURIComponent(name)}`;
  const act = async (label, call) => {
    try { await call(); $("version-result").textContent = label; await showModel(name, true); }
    catch (err) { $("version-result").textContent = err.message; }
  };
  $("version-list").tBodies[0].replaceChildren(...versions.map(v => {
    const tr = el("tr");
    [v.version, v.state, v.percent + " %", v.source === "experiment" ? "experiment " + (v.experimentId || "") : "upload", when(v.servedAt), v.url || "—"]
      .forEach(x => tr.append(el("td", x)));
    const td = el("td");
    if (v.state === "SERVED" && v.version !== m.revision) {
      const promote = el("button", "Promote", { type: "button", "aria-label": `Promote version ${v.version}` });
      promote.addEventListener("click", () => act(`Version ${v.version} takes all the traffic.`,
        () => api(path + "/traffic", json({ primary: v.version }, "PUT"))));
      const retire = el("button", "Retire", { type: "button", "aria-label": `Retire version ${v.version}` });
      retire.addEventListener("click", () => act(`Version ${v.version} is retired.`,
        () => api(`${path}/versions/${v.version}`, { method: "DELETE" })));
      td.append(promote, " ", retire);
    }
    const file = el("a", "Download", { href: `${path}/versions/${v.version}/file`, download: "" });
    td.append(" ", file);
    tr.append(td);
    return tr;
  }));
  $("canary-form").onsubmit = (e) => {
    e.preventDefault();
    const canary = Number($("canary-version").value);
    const percent = Number($("canary-percent").value);
    act(`Version ${canary} takes ${percent} % of the calls.`,
      () => api(path + "/traffic", json({ primary: m.revision, canary, canaryPercent: percent }, "PUT")));
  };
  $("model-rollback").onclick = () => act("Rolled back.", () => api(path + "/rollback", { method: "POST" }));
  $("scaling-form").onsubmit = async (e) => {
    e.preventDefault();
    try {
      await api(path + "/scaling", json({ minScale: Number($("scale-min").value), maxScale: Number($("scale-max").value),
        targetConcurrency: Number($("scale-target").value), scaleDownDelaySeconds: Number($("scale-delay").value) }, "PUT"));
      $("scaling-result").textContent = "Saved; the endpoint follows within seconds.";
    } catch (err) { $("scaling-result").textContent = err.message; }
  };
  $("model-delete").onclick = async () => {
    if (!confirm(`Delete model ${name} and every version of it?`)) return;
    try { await api(path, { method: "DELETE" }); $("delete-result").textContent = "Deleting…"; location.hash = "#models"; }
    catch (err) { $("delete-result").textContent = err.message; }
  };
}

function when(t) { return t ? new Date(t).toLocaleString() : "—"; }

async function showAccount() {
  const tokens = await api("/api/tokens");
  $("token-list").tBodies[0].replaceChildren(...tokens.map(t => {
    const tr = el("tr");
    [t.name, t.id, when(t.createdAt), when(t.expiresAt), when(t.lastUsedAt)].forEach(v => tr.append(el("td", v)));
    const revoke = el("button", "Revoke", { type: "button", "aria-label": "Revoke token " + t.name });
    revoke.addEventListener("click", async () => { await api("/api/tokens/" + t.id, { method: "DELETE" }); await showAccount(); });
    const td = el("td"); td.append(revoke); tr.append(td);
    return tr;
  }));
  if ($("user-list")) {
    const users = await api("/api/users");
    $("user-list").tBodies[0].replaceChildren(...users.map(u => {
      const tr = el("tr");
      [u.username, u.role, when(u.createdAt)].forEach(v => tr.append(el("td", v)));
      const td = el("td");
      if (u.username !== $("account-name").textContent) {
        const remove = el("button", "Remove", { type: "button", "aria-label": "Remove user " + u.username });
        remove.addEventListener("click", async () => { if (confirm(`Remove ${u.username}? Their experiments and models stay.`)) { await api("/api/users/" + u.username, { method: "DELETE" }); await showAccount(); } });
        td.append(remove);
      }
      tr.append(td);
      return tr;
    }));
  }
}

const json = (body, method = "POST") => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

$("token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const days = $("token-days").value;
  try {
    const t = await api("/api/tokens", json({ name: $("token-name").value, expiresInDays: days ? Number(days) : null }));
    const box = $("token-new");
    box.replaceChildren(el("p", `Your new token "${t.name}" — copy it now, it is not shown again:`), el("code", t.token, { id: "token-secret" }));
    box.hidden = false;
    $("token-form").reset();
    await showAccount();
  } catch (err) { alert(err.message); }
});

$("password-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    await api("/api/account/password", json({ current: $("password-current").value, password: $("password-new").value }));
    $("password-result").textContent = "Password changed; your other logins have ended.";
    $("password-form").reset();
  } catch (err) { $("password-result").textContent = err.message; }
});

if ($("user-form")) $("user-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    const u = await api("/api/users", json({ username: $("user-name").value, role: $("user-role").value }));
    $("user-result").textContent = `Added ${u.username} (${u.role}). Their one-time password: ${u.password} — pass it on; it is not shown again.`;
    $("user-form").reset();
    await showAccount();
  } catch (err) { $("user-result").textContent = err.message; }
});

$("logout").addEventListener("click", async () => {
  await fetch("/logout", { method: "POST", headers: { "X-CSRF-Token": csrf } });
  location.href = "/login";
});

// Live updates: the server sends the experiment's view whenever it changes (server-sent events);
// the tables are fetched then. The browser reconnects by itself after a network hiccup.
function follow(id) {
  live = new EventSource(`/api/experiments/${encodeURIComponent(id)}/live`);
  live.onmessage = async (message) => {
    try {
      if (await refreshExperiment(id, JSON.parse(message.data))) { live.close(); live = null; }
    } catch (err) { $("exp-error").textContent = err.message; }
  };
  // the browser retries a dropped connection by itself; a refused one (say the login ended) closes
  // the stream: one plain refresh then shows why (or sends to the login form)
  live.onerror = async () => {
    if (live && live.readyState === EventSource.CLOSED) {
      live = null;
      try { await refreshExperiment(id); } catch (err) { $("exp-error").textContent = err.message; }
    }
  };
}

// ---- notifications and subscriptions -------------------------------------------------------
// The unread count follows the server's live stream (server-sent events) on every screen.
function showUnread(summary) {
  const badge = $("unread-count");
  badge.textContent = String(summary.unread);
  badge.classList.toggle("unread", summary.unread > 0);
  if (!$("screen-notifications").hidden) showNotifications().catch(() => {});
}

function watchNotifications() {
  const stream = new EventSource("/api/notifications/live");
  stream.onmessage = (message) => showUnread(JSON.parse(message.data));
}

async function showNotifications() {
  const all = await api("/api/notifications?limit=100");
  $("notification-list").replaceChildren(...all.map(n => {
    const li = el("li", null, { class: n.read ? "" : "unread" });
    li.append(n.url ? el("a", n.message, { href: n.url }) : el("span", n.message), " ", el("span", when(n.at), { class: "muted" }));
    if (!n.read) {
      const read = el("button", "Mark read", { type: "button", "aria-label": "Mark read: " + n.message });
      read.addEventListener("click", async () => { showUnread(await api(`/api/notifications/${n.id}/read`, { method: "POST" })); });
      li.append(read);
    }
    return li;
  }));
  if (all.length === 0) $("notification-list").append(el("li", "Nothing yet: start an experiment."));
}

$("read-all").addEventListener("click", async () => { showUnread(await api("/api/notifications/read-all", { method: "POST" })); });

async function showSubscriptions() {
  const subs = await api("/api/subscriptions");
  $("subscription-list").tBodies[0].replaceChildren(...subs.map(s => {
    const tr = el("tr");
    [s.sink + (s.protocolSettings.topicName ? " → " + s.protocolSettings.topicName : ""), s.types.length ? s.types.join(", ") : "all",
      s.state + (s.disabledReason ? ": " + s.disabledReason : ""), when(s.createdAt)].forEach(v => tr.append(el("td", v)));
    const td = el("td");
    const act = (label, work) => {
      const b = el("button", label, { type: "button", "aria-label": `${label} ${s.id}` });
      b.addEventListener("click", async () => { try { await work(); } catch (err) { $("subscription-result").textContent = err.message; } });
      td.append(b, " ");
    };
    act("Test", async () => { await api(`/api/subscriptions/${s.id}/test`, { method: "POST" }); await showDeliveries(s); });
    act("Log", () => showDeliveries(s));
    act("Rotate secret", async () => { const r = await api(`/api/subscriptions/${s.id}/rotate-secret`, { method: "POST" }); showSecret(r, "Its new secret"); });
    if (s.state === "DISABLED") act("Enable", async () => { await api(`/api/subscriptions/${s.id}/enable`, { method: "POST" }); await showSubscriptions(); });
    act("Delete", async () => { if (confirm("Delete this subscription and its delivery log?")) { await api(`/api/subscriptions/${s.id}`, { method: "DELETE" }); $("delivery-panel").hidden = true; await showSubscriptions(); } });
    tr.append(td);
    return tr;
  }));
}

function showSecret(s, what) {
  const box = el("div", null, { class: "secret" });
  box.append(el("p", `${what} — copy it now, it is not shown again. Check each delivery's webhook-signature with it (README: "Checking a delivery").`), el("code", s.secret, { id: "subscription-secret" }));
  $("subscription-result").replaceChildren(box);
}

async function showDeliveries(s) {
  const log = await api(`/api/subscriptions/${s.id}/deliveries`);
  $("delivery-title").textContent = "Deliveries to " + s.sink;
  $("delivery-log").tBodies[0].replaceChildren(...log.map(d => {
    const tr = el("tr");
    [String(d.id), d.eventType.replace("dev.knobs.", "") + " " + d.eventId, d.state + (d.nextAttemptAt ? ", next " + when(d.nextAttemptAt) : "")].forEach(v => tr.append(el("td", v)));
    const attempts = el("td");
    d.log.forEach(a => attempts.append(el("div", `${when(a.at)} · ${a.status === null ? "no answer" : a.status} · ${a.latencyMs} ms · ${a.excerpt || ""}`)));
    tr.append(attempts);
    const td = el("td");
    const again = el("button", "Redeliver", { type: "button", "aria-label": "Redeliver " + d.id });
    again.addEventListener("click", async () => { await api(`/api/subscriptions/${s.id}/deliveries/${d.id}/redeliver`, { method: "POST" }); await showDeliveries(s); });
    td.append(again); tr.append(td);
    return tr;
  }));
  $("delivery-panel").hidden = false;
  if (log.some(d => d.state === "PENDING")) setTimeout(() => { if (!$("screen-subscriptions").hidden) showDeliveries(s).catch(() => {}); }, 1000);
}

$("subscription-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const protocol = $("sub-protocol").value;
  const body = { sink: $("sub-sink").value.trim(), protocol, types: [...$("sub-types").selectedOptions].map(o => o.value) };
  if (protocol === "KAFKA") body.protocolSettings = { topicName: $("sub-topic").value.trim() };
  if ($("sub-experiment").value.trim()) body.filters = { experimentId: $("sub-experiment").value.trim() };
  try {
    const s = await api("/api/subscriptions", json(body));
    showSecret(s, "Subscribed. Its signing secret");
    $("subscription-form").reset();
    await showSubscriptions();
  } catch (err) { $("subscription-result").textContent = err.message; }
});

async function route() {
  const [screen, arg] = location.hash.replace(/^#/, "").split("/");
  try {
    if (screen === "experiment" && arg) {
      show("experiment");
      // another experiment's model and trial output do not stay on the screen
      $("exp-model").hidden = true;
      $("exp-model").replaceChildren();
      $("trial-output-panel").hidden = true;
      $("exp-error").textContent = "";
      if (!(await refreshExperiment(arg))) follow(arg);
    } else if (screen === "experiments") { show("experiments"); await showExperiments(); }
    else if (screen === "models") { show("models"); await showModels(); }
    else if (screen === "model" && arg) { show("model"); await showModel(arg); }
    else if (screen === "account") { show("account"); await showAccount(); }
    else if (screen === "notifications") { show("notifications"); await showNotifications(); }
    else if (screen === "subscriptions") { show("subscriptions"); await showSubscriptions(); }
    else {
      show("new");
      await loadDatasets();
      if (pendingClone) { const r = pendingClone; pendingClone = null; await fillForm(r); }
      checkSpace();
    }
  } catch (err) { alert(err.message); }
}
window.addEventListener("hashchange", route);
route();
watchNotifications();
