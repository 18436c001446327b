/*
 * The dashboard page: one WebSocket (/v1/live) brings a snapshot of the state and then every
 * update; each message redraws only what it changed. No polling. All text goes into the DOM
 * through textContent. The forms make ordinary API requests with the same bearer token.
 *
 * window.nucleonDash is a probe for tests and the curious: messages applied, the latest seq,
 * and per message its server stamp, arrival, DOM-updated and next-frame times (ms since the
 * epoch on performance clocks), so the update latency can be measured in the browser.
 */
'use strict';
(function () {
  var C = window.NucleonCharts;
  var state = null;
  var token = tokenFromHash() || sessionStorage.getItem('nucleon-token') || '';
  var probe = (window.nucleonDash = { messages: 0, lastSeq: -1, latencies: [], curveLengths: [], ready: false });
  var boardRows = {};
  var cards = {};
  var trainChart = null;
  var loopChart = null;

  function $(id) { return document.getElementById(id); }
  function now() { return performance.timeOrigin + performance.now(); }

  function tokenFromHash() {
    var m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (!m) return '';
    var t = decodeURIComponent(m[1]);
    sessionStorage.setItem('nucleon-token', t);
    // keep the token out of the address bar (and out of screenshots)
    history.replaceState(null, '', location.pathname + location.search);
    return t;
  }

  function authHeaders(extra) {
    var h = extra || {};
    if (token) h.authorization = 'Bearer ' + token;
    return h;
  }

  // ---- formatting -----------------------------------------------------------------------

  function num(v, digits) { return v === null || v === undefined || !isFinite(v) ? '—' : Number(v).toFixed(digits); }
  function duration(s) {
    if (s === null || s === undefined || !isFinite(s)) return '—';
    if (s < 120) return s.toFixed(1) + ' s';
    if (s < 7200) return (s / 60).toFixed(1) + ' min';
    return (s / 3600).toFixed(2) + ' h';
  }
  /** Sets an element's text and its raw value (data-value, empty for unknown). */
  function put(el, value, text) {
    el.textContent = text;
    el.dataset.value = value === null || value === undefined ? '' : String(value);
  }
  function make(tag, cls, parent) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (parent) parent.appendChild(el);
    return el;
  }

  // ---- connection -----------------------------------------------------------------------

  function setConn(s) { var el = $('conn'); el.dataset.state = s; el.textContent = s; }

  function connect() {
    var proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    var ws = new WebSocket(proto + '//' + location.host + '/v1/live' + (token ? '?token=' + encodeURIComponent(token) : ''));
    var opened = false;
    setConn('connecting');
    ws.onopen = function () { opened = true; setConn('open'); $('token-form').hidden = true; };
    ws.onmessage = function (ev) { onMessage(JSON.parse(ev.data)); };
    ws.onclose = function () {
      if (opened) { setConn('closed'); setTimeout(connect, 2000); return; }
      // refused before the upgrade: ask the route itself whether the token is the reason
      fetch('/v1/live', { headers: authHeaders() }).then(function (r) {
        if (r.status === 401) { setConn('unauthorized'); $('token-form').hidden = false; }
        else { setConn('closed'); setTimeout(connect, 2000); }
      }, function () { setConn('closed'); setTimeout(connect, 2000); });
    };
  }

  $('token-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('nucleon-token', token);
    connect();
  });

  // ---- messages -------------------------------------------------------------------------

  function onMessage(m) {
    var received = now();
    if (m.type === 'snapshot') { state = m.state; renderAll(); }
    else if (state) apply(m);
    probe.messages++;
    probe.lastSeq = m.seq;
    if (m.type === 'training' || m.type === 'snapshot' || m.type === 'run') probe.curveLengths.push(state.curve.length);
    var dom = now();
    requestAnimationFrame(function () {
      probe.latencies.push({ seq: m.seq, type: m.type, emittedAtMs: m.emittedAtMs, receivedMs: received, domMs: dom, frameMs: now() });
      if (probe.latencies.length > 2000) probe.latencies.shift();
    });
    probe.ready = true;
  }

  function byId(list, id) { for (var i = 0; i < list.length; i++) if (list[i].id === id) return i; return -1; }

  function apply(m) {
    if (m.type === 'board') {
      var i = byId(state.boards, m.board.id);
      if (i >= 0) state.boards[i] = m.board; else state.boards.push(m.board);
      renderBoard(m.board);
    } else if (m.type === 'neuron') {
      var j = byId(state.neurons, m.neuron.id);
      var fresh = j < 0;
      if (fresh) state.neurons.push(m.neuron); else state.neurons[j] = m.neuron;
      renderNeuron(m.neuron);
      if (fresh || (j >= 0 && m.neuron.calibrated)) renderSelects();
    } else if (m.type === 'activation') {
      var k = byId(state.neurons, m.neuron);
      if (k < 0) return;
      var n = state.neurons[k];
      n.recent.push({ x: m.x, y: m.y });
      if (n.recent.length > 20) n.recent.splice(0, n.recent.length - 20);
      if (m.pulses !== null) n.pulses = m.pulses;
      renderNeuron(n);
    } else if (m.type === 'run') {
      state.training = null;
      state.curve = [];
      renderTraining();
    } else if (m.type === 'training') {
      state.training = m.training;
      if (m.point) state.curve.push(m.point);
      renderTraining();
    }
  }

  // ---- rendering ------------------------------------------------------------------------

  function renderAll() {
    $('mode').textContent = state.mode;
    $('tools-section').hidden = state.mode !== 'serve';
    state.boards.forEach(renderBoard);
    state.neurons.forEach(renderNeuron);
    if (state.neurons.length === 0 && !$('neurons').firstChild) make('p', 'empty', $('neurons')).textContent = 'No neurons reported yet.';
    renderSelects();
    renderTraining();
  }

  function renderBoard(b) {
    var row = boardRows[b.id];
    if (!row) {
      var tr = make('tr', '', $('boards').tBodies[0]);
      tr.dataset.board = b.id;
      row = boardRows[b.id] = {};
      ['id', 'spec', 'link', 'firmwareVersion', 'deviceTimeMs', 'pulses', 'frameErrors'].forEach(function (f) {
        var td = make('td', '', tr);
        td.dataset.field = f;
        row[f] = td;
      });
    }
    put(row.id, b.id, b.id);
    put(row.spec, b.spec, b.spec);
    put(row.link, b.link, b.link);
    row.link.className = 'link-' + b.link;
    put(row.firmwareVersion, b.firmwareVersion, b.firmwareVersion === null ? '—' : b.firmwareVersion + (b.boardId ? ' (' + b.boardId + ')' : ''));
    put(row.deviceTimeMs, b.deviceTimeMs, b.deviceTimeMs === null ? '—' : duration(b.deviceTimeMs / 1000));
    put(row.pulses, b.pulses, b.pulses === null ? '—' : String(b.pulses));
    put(row.frameErrors, b.frameErrors, (b.frameErrors === null ? '—' : String(b.frameErrors)) + ' / ' + (b.hostBadFrames === null ? '—' : String(b.hostBadFrames)));
  }

  function stressLevel(stress, guard) {
    if (stress === null || guard === null) return 'unknown';
    if (stress >= guard) return 'guarded';
    if (stress >= 0.75 * guard) return 'amber';
    return 'ok';
  }

  function renderNeuron(n) {
    var card = cards[n.id];
    if (!card) {
      var empty = $('neurons').querySelector('.empty');
      if (empty) empty.remove();
      var el = make('div', 'card', $('neurons'));
      el.dataset.neuron = n.id;
      var h = make('h3', '', el);
      make('span', '', h).textContent = n.id;
      card = cards[n.id] = { el: el, state: make('span', 'sub', h) };
      var dl = make('dl', '', el);
      [['deltaI99Ua', 'ΔI₉₉'], ['switchingRatio', 'switching ratio'], ['widthUs', 'pulse width'], ['pulses', 'pulses'], ['stressRatio', 'stress / budget']].forEach(function (f) {
        make('dt', '', dl).textContent = f[1];
        var dd = make('dd', '', dl);
        dd.dataset.field = f[0];
        card[f[0]] = dd;
      });
      card.bar = make('div', 'bar', el);
      card.fill = make('div', 'fill', card.bar);
      card.guard = make('div', 'guard', card.bar);
      card.recent = make('div', 'recent', el);
      card.recent.dataset.field = 'recent';
      var chartEl = make('div', 'chart', el);
      card.chart = C.sigmoidChart(chartEl);
    }
    put(card.state, n.calibrated, n.calibrated ? 'calibrated' : 'not calibrated');
    put(card.deltaI99Ua, n.deltaI99Ua, n.deltaI99Ua === null ? '—' : num(n.deltaI99Ua / 1000, 3) + ' mA');
    put(card.switchingRatio, n.switchingRatio, num(n.switchingRatio, 3));
    put(card.widthUs, n.widthUs, n.widthUs === null ? '—' : n.widthUs + ' µs');
    put(card.pulses, n.pulses, n.pulses === null ? '—' : String(n.pulses));
    put(card.stressRatio, n.stressRatio, num(n.stressRatio, 3) + ' (guard ' + num(n.guardRatio, 2) + ')');
    var level = stressLevel(n.stressRatio, n.guardRatio);
    card.bar.dataset.level = level;
    card.fill.style.width = (n.stressRatio === null ? 0 : Math.min(1, n.stressRatio) * 100) + '%';
    card.guard.style.left = (n.guardRatio === null ? 100 : Math.min(1, n.guardRatio) * 100) + '%';
    var last = n.recent.slice(-5).map(function (a) { return num(a.x, 2) + '→' + num(a.y, 3); });
    var none = state.mode === 'serve' ? 'no activations yet' : 'activations are not shown during a run';
    put(card.recent, n.recent.length, n.recent.length === 0 ? none : 'recent x→y: ' + last.join('  '));
    card.el.dataset.points = String(n.sigmoid ? n.sigmoid.xs.length : 0);
    card.chart.update(n.sigmoid, n.recent);
  }

  function renderSelects() {
    var selects = document.querySelectorAll('.neuron-select');
    for (var i = 0; i < selects.length; i++) {
      var sel = selects[i];
      var keep = sel.value;
      var onlyCalibrated = sel.form && sel.form.id === 'activate-form';
      while (sel.firstChild) sel.removeChild(sel.firstChild);
      state.neurons.forEach(function (n) {
        if (onlyCalibrated && !n.calibrated) return;
        var o = make('option', '', sel);
        o.value = n.id;
        o.textContent = n.id;
      });
      if (keep) sel.value = keep;
    }
  }

  function stat(parent, field, label, value, text) {
    var d = make('div', '', parent);
    make('span', '', d).textContent = label;
    var v = make('span', '', d);
    v.dataset.field = field;
    put(v, value, text);
  }

  function renderTraining() {
    var t = state.training;
    $('training-section').hidden = t === null;
    if (t === null) return;
    $('train-activation').textContent = t.activation + ' sigmoid, ' + t.phase;
    var s = $('train-stats');
    while (s.firstChild) s.removeChild(s.firstChild);
    stat(s, 'trained', 'examples', t.trained, t.trained + ' / ' + t.total);
    stat(s, 'rate', t.phase === 'test' ? 'test rate so far' : 'running rate', t.rate, num(100 * t.rate, 2) + ' %');
    stat(s, 'loss', 'loss', t.loss, num(t.loss, 4));
    stat(s, 'examplesPerS', 'examples/s', t.examplesPerS, num(t.examplesPerS, 1));
    stat(s, 'deviceTimeS', 'device time', t.deviceTimeS, t.deviceTimeS === null ? '—' : num(t.deviceTimeS / 3600, 3) + ' h');
    stat(s, 'timeLeftS', 'time left', t.timeLeftS, duration(t.timeLeftS));
    stat(s, 'deviceTimeLeftS', 'device time left', t.deviceTimeLeftS, t.deviceTimeLeftS === null ? '—' : num(t.deviceTimeLeftS / 3600, 3) + ' h');
    stat(s, 'checkpoint', 'checkpoint', t.checkpoint ? t.checkpoint.atExample : null,
      t.checkpoint === null ? 'none' : t.checkpoint.file + (t.checkpoint.atExample === null ? ' (not yet written)' : ' at ' + t.checkpoint.atExample));
    if (t.testAcc !== null) stat(s, 'testAcc', 'test rate', t.testAcc, num(100 * t.testAcc, 2) + ' %');
    if (!trainChart) trainChart = C.trainingChart($('train-chart'));
    trainChart.update(state.curve);
    $('train-chart').dataset.points = String(state.curve.length);
  }

  // ---- forms: ordinary API requests -----------------------------------------------------

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: authHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(body) }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j && j.error && j.error.message) || 'HTTP ' + r.status);
        return j;
      });
    });
  }

  $('activate-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var f = ev.target;
    var id = f.neuron.value;
    put($('activate-y'), '', '…');
    $('activate-detail').textContent = '';
    post('/v1/neurons/' + encodeURIComponent(id) + '/activate', { x: Number(f.x.value) }).then(function (r) {
      put($('activate-y'), r.y, num(r.y, 4));
      $('activate-detail').textContent = r.neuron + (r.clamped ? ', x clamped to the window' : '') + ', ' + num(r.currentUa / 1000, 3) + ' mA, R_H ' + num(r.rHallOhm, 3) + ' Ω, ' + r.pulses + ' pulse(s)';
    }, function (e) { put($('activate-y'), '', 'error'); $('activate-detail').textContent = e.message; });
  });

  $('sweep-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var f = ev.target;
    var id = f.neuron.value;
    var detail = $('sweep-detail');
    put(detail, '', 'sweeping ' + id + '…');
    post('/v1/neurons/' + encodeURIComponent(id) + '/sweep', { widthUs: Number(f.widthUs.value), steps: Number(f.steps.value) }).then(function (r) {
      if (!loopChart) loopChart = C.loopChart($('sweep-chart'));
      loopChart.update(r.points);
      $('sweep-chart').dataset.points = String(r.points.length);
      put(detail, r.points.length, r.neuron + ': ' + r.points.length + ' points at ' + r.widthUs + ' µs, device time ' + duration(r.deviceTimeMs / 1000) + (r.paced ? ' (paced for the thermal guard)' : '') + ', ' + r.pulses + ' pulses');
    }, function (e) { put(detail, '', e.message); });
  });

  connect();
})();
