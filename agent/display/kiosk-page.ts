// The kiosk page served to the station's touchscreen browser: HTML, CSS and the script that applies live updates (no reloads).

/**
 * The page. Layout for 800x480: one EVSE per screen (`?evse=N`, or when the station has one) with the
 * code on the left and the figures on the right; otherwise one column per EVSE. Everything is drawn by
 * /kiosk.js from the Server-Sent Events on /events; no external resources.
 */
export const KIOSK_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Charging station</title>
<link rel="stylesheet" href="/kiosk.css">
<script src="/kiosk.js" defer></script>
</head>
<body>
<main id="evses" aria-live="polite"></main>
<div id="status" class="status">Connecting…</div>
</body>
</html>
`;

export const KIOSK_CSS = `*{box-sizing:border-box;margin:0;padding:0}
html,body{height:100%;background:#fff;color:#000;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;overflow:hidden}
#evses{display:flex;height:100%;width:100%}
.evse{flex:1 1 0;min-width:0;display:flex;flex-direction:column;padding:10px 12px;border-left:3px solid #000}
.evse:first-child{border-left:none}
.name{flex:0 0 auto;font-size:30px;font-weight:700;line-height:1.15;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.title{flex:0 0 auto;font-size:26px;font-weight:700;line-height:1.2;margin:2px 0 6px;padding:2px 8px;border-radius:6px;align-self:flex-start;background:#000;color:#fff}
.phase-available .title{background:#0a5c0a}
.phase-payment-in-progress .title{background:#8a4b00}
.phase-charging .title{background:#003d99}
.phase-faulted .title{background:#a00000}
.phase-unavailable .title{background:#444}
.body{flex:1 1 auto;min-height:0;display:flex;flex-direction:column;gap:6px}
.code{flex:1 1 auto;min-height:0;display:flex;flex-direction:column;align-items:center}
.code img{flex:1 1 auto;min-height:0;width:100%;object-fit:contain;image-rendering:pixelated;background:#fff}
.caption{font-size:20px;font-weight:700;text-align:center}
.lines{display:grid;grid-template-columns:auto 1fr;column-gap:12px;row-gap:2px;align-content:start}
.lines dt{font-size:18px;color:#333;align-self:baseline}
.lines dd{font-size:22px;font-weight:700;align-self:baseline;overflow-wrap:anywhere}
.message{font-size:24px;font-weight:700;line-height:1.2}
.big .message{font-size:34px}
.evse.big .lines dd{font-size:40px}
.evse.big .lines dt{font-size:24px}
.hidden{display:none !important}
.single .evse{border:none}
.single .body{flex-direction:row;gap:18px}
.single .code{flex:0 0 auto;width:auto;height:100%;aspect-ratio:1/1;max-width:55%}
.single .info{flex:1 1 auto;min-width:0;min-height:0;display:flex;flex-direction:column;gap:10px}
.single .lines dd{font-size:32px}
.single .lines dt{font-size:22px}
.single .evse.big .lines dd{font-size:46px}
.single .evse.big .lines dt{font-size:26px}
.info{flex:0 0 auto;display:flex;flex-direction:column;gap:6px}
.status{position:fixed;right:6px;bottom:4px;font-size:16px;padding:2px 8px;background:#a00000;color:#fff;border-radius:4px}
.empty{font-size:30px;padding:20px}
`;

export const KIOSK_JS = `(function () {
  'use strict';
  var only = new URLSearchParams(location.search).get('evse');
  var root = document.getElementById('evses');
  var statusEl = document.getElementById('status');
  var STALE_GRACE_MS = 10000;
  var now = function () { return performance.timeOrigin + performance.now(); };
  /* Read by tests and the latency bench: every applied update, and when each new code was on screen. */
  var k = window.__kiosk = { loadedAt: Date.now(), updates: [], shown: [], views: {}, connected: false };
  var cards = {};

  function el(tag, cls, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }

  function card(id) {
    var c = cards[id];
    if (c) return c;
    var section = el('section', 'evse');
    section.dataset.evse = String(id);
    c = { root: section };
    c.name = el('h1', 'name', section);
    c.title = el('div', 'title', section);
    var body = el('div', 'body', section);
    c.code = el('div', 'code hidden', body);
    c.img = el('img', 'qr', c.code);
    c.img.dataset.url = '';
    c.caption = el('div', 'caption', c.code);
    var info = el('div', 'info', body);
    c.message = el('div', 'message', info);
    c.lines = el('dl', 'lines', info);
    var after = null;
    Object.keys(cards).map(Number).sort(function (a, b) { return a - b; }).forEach(function (other) {
      if (after === null && other > id) after = cards[other].root;
    });
    root.insertBefore(section, after);
    var empty = document.getElementById('empty');
    if (empty) empty.remove();
    cards[id] = c;
    return c;
  }

  function layout() {
    var n = Object.keys(cards).length;
    document.body.classList.toggle('single', only !== null || n === 1);
  }

  function codeExpired(code) {
    return code.validUntil !== undefined && now() > code.validUntil + STALE_GRACE_MS;
  }

  function showCode(c, v, code, caption) {
    c.code.classList.remove('hidden');
    c.caption.textContent = caption;
    if (c.img.dataset.url === code.url) return;
    var received = now();
    c.img.dataset.url = code.url;
    c.img.alt = caption;
    c.img.src = code.image;
    var url = code.url;
    var done = function () {
      requestAnimationFrame(function () {
        k.shown.push({ evseId: v.evseId, url: url, receivedAt: received, at: now() });
      });
    };
    if (c.img.decode) c.img.decode().then(done, done); else done();
  }

  function hideCode(c) {
    c.code.classList.add('hidden');
    c.img.removeAttribute('src');
    c.img.dataset.url = '';
  }

  function apply(v) {
    if (only !== null && String(v.evseId) !== only) return;
    var c = card(v.evseId);
    k.views[v.evseId] = v;
    c.root.className = 'evse phase-' + v.phase + (v.qr || v.receipt ? '' : ' big');
    c.name.textContent = v.name;
    c.title.textContent = v.title;
    var message = v.message || '';
    var code = v.qr || v.receipt;
    if (v.qr && codeExpired(v.qr)) {
      code = undefined;
      message = 'Please wait for a new code…';
    }
    c.message.textContent = message;
    c.message.classList.toggle('hidden', message === '');
    while (c.lines.firstChild) c.lines.removeChild(c.lines.firstChild);
    (v.lines || []).forEach(function (line) {
      el('dt', '', c.lines).textContent = line.label;
      el('dd', '', c.lines).textContent = line.value;
    });
    if (code) showCode(c, v, code, v.qr ? 'Scan with your phone to pay' : 'Scan for your receipt');
    else hideCode(c);
    layout();
    k.updates.push({ evseId: v.evseId, phase: v.phase, url: v.qr ? v.qr.url : null, at: now() });
  }

  function snapshot(views) {
    Object.keys(cards).forEach(function (id) { cards[id].root.remove(); delete cards[id]; });
    views.forEach(apply);
    if (Object.keys(cards).length === 0) {
      var empty = el('div', 'empty', root);
      empty.id = 'empty';
      empty.textContent = only !== null ? 'EVSE ' + only + ' is not configured' : 'No EVSE configured';
    }
  }

  function setConnected(on) {
    k.connected = on;
    statusEl.textContent = on ? '' : 'Reconnecting…';
    statusEl.classList.toggle('hidden', on);
  }

  var source = new EventSource('/events');
  source.addEventListener('snapshot', function (e) {
    setConnected(true);
    snapshot(JSON.parse(e.data).views);
  });
  source.addEventListener('evse', function (e) { apply(JSON.parse(e.data)); });
  source.addEventListener('open', function () { setConnected(true); });
  source.addEventListener('error', function () { setConnected(false); });
  /* A code past its slot (the agent stopped updating) is taken off the screen. */
  setInterval(function () {
    Object.keys(k.views).forEach(function (id) {
      var v = k.views[id];
      if (v.qr && codeExpired(v.qr) && cards[id] && cards[id].img.dataset.url !== '') apply(v);
    });
  }, 1000);
})();
`;
