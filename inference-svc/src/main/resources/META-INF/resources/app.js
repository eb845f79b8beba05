// The try-it page: uploads a drawing to POST /colorize and shows input and result side by side, with the serving
// model's card. Plain browser JavaScript, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
let modelName = 'colorizer';
/** The drawing last colored, kept so hints drawn on it can be sent with it. */
let drawing = null;
/** Whether the serving model takes color hints (its card says so); the hint tools show only then. */
let takesHints = false;

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const key = $('apiKey').value.trim();
  if (key) {
    h['X-API-Key'] = key;
  }
  return h;
}

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

/**
 * A call answered 401: the server needs a key (authentication is always on). Asks for one in the key field, which
 * the user fills with the consumer or operator key (`./inkflow demo` prints where it is); changing it retries.
 */
function askForKey() {
  const sent = $('apiKey').value.trim() !== '';
  document.querySelector('.key').classList.add('needed');
  $('apiKey').focus();
  status(sent ? 'The API key was refused: enter a valid one above (the consumer or operator key).'
    : 'This server needs an API key: enter it above (the consumer or operator key, e.g. .inkflow/consumer.key).', true);
}

async function errorOf(response) {
  try {
    const body = await response.json();
    // /colorize answers an RFC 9457 problem (detail); the /v2 endpoints answer the protocol's {"error"}.
    return body.detail || body.error || JSON.stringify(body);
  } catch (e) {
    return response.status + ' ' + response.statusText;
  }
}

function row(name, value) {
  const tr = document.createElement('tr');
  const a = document.createElement('td');
  const b = document.createElement('td');
  a.textContent = name;
  b.textContent = value === undefined || value === null ? '—' : value;
  tr.append(a, b);
  return tr;
}

async function loadCard() {
  const models = await fetch('/models', { headers: headers() });
  if (models.status === 401) {
    askForKey();
    return;
  }
  document.querySelector('.key').classList.remove('needed');
  if (!models.ok) {
    status(await errorOf(models), true);
    return;
  }
  const model = (await models.json()).models[0];
  modelName = model.name;
  const select = $('version');
  select.replaceChildren(new Option('serving (' + (model.servingVersion || 'none yet') + ')', ''));
  for (const v of model.keptVersions) {
    select.append(new Option(v, v));
  }
  if (!model.ready) {
    status('Model ' + model.name + ' is not loaded yet: no version has been promoted, or it is loading.', true);
    return;
  }
  const response = await fetch('/models/' + encodeURIComponent(modelName) + '/card', { headers: headers() });
  if (!response.ok) {
    status(await errorOf(response), true);
    return;
  }
  const info = await response.json();
  const card = info.card || {};
  const body = $('card').tBodies[0];
  body.replaceChildren(
    row('Model', info.name + ' version ' + info.version),
    row('Trained on', card.dataset ? card.dataset.name + ' ' + card.dataset.version : null),
    row('Run', card.runId),
    row('Image size', card.imageSize ? card.imageSize + ' px (sides a multiple of ' + card.sizeMultiple + ')' : null),
    row('Parameters', card.parameters),
    row('Metrics', card.metrics ? Object.entries(card.metrics).map(([k, v]) => k + ' ' + Number(v).toFixed(4)).join(', ') : null),
    row('Created', card.createdAt),
    row('Loaded here', info.loadedAt),
    row('Kept versions', (info.keptVersions || []).join(', ')),
    row('Credits', card.credits));
  takesHints = info.hints === true;
  $('hintTools').hidden = !takesHints;
  status('Ready: model ' + info.name + ' version ' + info.version + '. Choose a drawing.'
    + (takesHints ? ' It takes color hints: draw them on your drawing.' : ''));
  loadDrift();
}

async function loadDrift() {
  const response = await fetch('/models/' + encodeURIComponent(modelName) + '/drift', { headers: headers() });
  if (!response.ok) {
    return;
  }
  const d = await response.json();
  if (!d.live) {
    $('drift').textContent = 'No input seen yet.';
    return;
  }
  const fmt = (v) => (v === null || v === undefined ? 'n/a' : Number(v).toFixed(3));
  $('drift').textContent = 'PSI ' + fmt(d.score) + ' over the last ' + d.images + ' images — mean intensity '
    + fmt(d.live.mean) + ' (training ' + fmt(d.training && d.training.mean) + '), line density '
    + fmt(d.live.lineDensity) + ' (training ' + fmt(d.training && d.training.lineDensity) + ')';
}

async function colorize(blob, hints) {
  if (blob !== drawing) {
    drawing = blob;
    $('input').src = URL.createObjectURL(blob);
    clearHints();
  }
  $('result').removeAttribute('src');
  $('result').removeAttribute('data-width');
  status(hints ? 'Coloring with hints…' : 'Coloring…');
  const version = $('version').value;
  const started = performance.now();
  const url = '/colorize' + (version ? '?version=' + encodeURIComponent(version) : '');
  let response;
  if (hints) {
    // multipart/form-data: the drawing as part 'image', the hints (transparent = no hint) as part 'hints'
    const form = new FormData();
    form.append('image', blob, 'drawing.png');
    form.append('hints', hints, 'hints.png');
    response = await fetch(url, { method: 'POST', headers: headers(), body: form });
  } else {
    response = await fetch(url, {
      method: 'POST',
      headers: headers({ 'Content-Type': blob.type || 'application/octet-stream' }),
      body: blob,
    });
  }
  if (response.status === 401) {
    askForKey();
    return;
  }
  if (!response.ok) {
    status('Refused (' + response.status + '): ' + await errorOf(response), true);
    return;
  }
  const model = response.headers.get('X-Inkflow-Model');
  const modelVersion = response.headers.get('X-Inkflow-Model-Version');
  const result = $('result');
  result.onload = () => {
    result.dataset.width = result.naturalWidth;
    result.dataset.height = result.naturalHeight;
    status('Colored by ' + model + ' version ' + modelVersion + (hints ? ' with hints' : '') + ' in '
      + Math.round(performance.now() - started) + ' ms (' + result.naturalWidth + '×' + result.naturalHeight + ').');
  };
  result.src = URL.createObjectURL(await response.blob());
  $('resultModel').textContent = model + ' ' + modelVersion;
  loadDrift();
}

/** Sizes the hint canvas to the drawing's own pixels (so the hints PNG has its size) and clears it. */
function clearHints() {
  const canvas = $('hintCanvas');
  const image = $('input');
  const fit = () => {
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    canvas.classList.toggle('active', takesHints);
    canvas.dataset.strokes = '0';
    $('hintCount').textContent = '';
  };
  if (image.complete && image.naturalWidth) {
    fit();
  } else {
    image.addEventListener('load', fit, { once: true });
  }
}

/** Draws a hint where the pointer is (in the drawing's pixels): a dot on click, a line while dragging. */
function hintDrawing() {
  const canvas = $('hintCanvas');
  const g = canvas.getContext('2d');
  let last = null;
  const at = (e) => {
    const box = canvas.getBoundingClientRect();
    return [(e.clientX - box.left) * canvas.width / box.width, (e.clientY - box.top) * canvas.height / box.height];
  };
  const stroke = (from, to) => {
    g.strokeStyle = g.fillStyle = $('hintColor').value;
    g.lineWidth = Math.max(3, Math.round(Math.max(canvas.width, canvas.height) / 40));
    g.lineCap = 'round';
    g.beginPath();
    g.moveTo(from[0], from[1]);
    g.lineTo(to[0], to[1]);
    g.stroke();
  };
  canvas.addEventListener('pointerdown', (e) => {
    last = at(e);
    stroke(last, last);
    canvas.dataset.strokes = String(Number(canvas.dataset.strokes || 0) + 1);
    $('hintCount').textContent = '(' + canvas.dataset.strokes + ' hint' + (canvas.dataset.strokes === '1' ? '' : 's') + ')';
  });
  canvas.addEventListener('pointermove', (e) => {
    if (last) {
      const p = at(e);
      stroke(last, p);
      last = p;
    }
  });
  const end = () => { last = null; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointerleave', end);
}

function colorizeWithHints() {
  if (!drawing) {
    status('Choose a drawing first, then draw hints on it.', true);
    return;
  }
  $('hintCanvas').toBlob((hints) => colorize(drawing, hints).catch((e) => status(String(e), true)), 'image/png');
}

/** A simple drawing to try without a file: a house and a sun in black lines on white. */
function sampleDrawing() {
  const canvas = document.createElement('canvas');
  canvas.width = 192;
  canvas.height = 128;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = '#000';
  g.lineWidth = 4;
  g.strokeRect(40, 60, 70, 55);
  g.beginPath();
  g.moveTo(30, 62); g.lineTo(75, 20); g.lineTo(120, 62);
  g.stroke();
  g.strokeRect(65, 85, 20, 30);
  g.beginPath();
  g.arc(155, 35, 18, 0, 2 * Math.PI);
  g.stroke();
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

$('file').addEventListener('change', () => {
  const file = $('file').files[0];
  if (file) {
    colorize(file).catch((e) => status(String(e), true));
  }
});
$('sample').addEventListener('click', () => sampleDrawing().then(colorize).catch((e) => status(String(e), true)));
$('apiKey').addEventListener('change', () => {
  sessionStorage.setItem('inkflow-api-key', $('apiKey').value);
  loadCard().catch((e) => status(String(e), true));
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer.files[0];
  if (file) {
    colorize(file).catch((err) => status(String(err), true));
  }
});
hintDrawing();
$('colorizeHints').addEventListener('click', colorizeWithHints);
$('clearHints').addEventListener('click', clearHints);
$('apiKey').value = sessionStorage.getItem('inkflow-api-key') || '';
loadCard().catch((e) => status(String(e), true));
