/*
 * The dashboard's charts, over uPlot (served from node_modules at /vendor/). Each chart is
 * made once and updated with setData; uPlot wants one ascending x array, so series with their
 * own x values are joined (uPlot.join, gaps as null).
 */
'use strict';
(function () {
  var COLORS = { rate: '#1570ef', loss: '#c4320a', points: '#667085', curve: '#12805c', logistic: '#98a2b3', recent: '#d98e04', up: '#1570ef', down: '#c4320a' };

  function width(el, fallback) {
    var w = el.clientWidth;
    return w > 50 ? w : fallback;
  }

  function pointsOnly(label, color, size) {
    return { label: label, stroke: color, width: 0, paths: function () { return null; }, points: { show: true, size: size, fill: color, stroke: color } };
  }

  function line(label, color, extra) {
    var s = { label: label, stroke: color, width: 1.5, spanGaps: true, points: { show: false } };
    for (var k in extra) s[k] = extra[k];
    return s;
  }

  /** Sorts (xs, ys) pairs by x; drops non-finite values. */
  function sorted(xs, ys) {
    var pairs = [];
    for (var i = 0; i < xs.length; i++) if (isFinite(xs[i]) && isFinite(ys[i])) pairs.push([xs[i], ys[i]]);
    pairs.sort(function (a, b) { return a[0] - b[0]; });
    // uPlot.join keeps one y per x: nudge exact duplicates apart
    for (var j = 1; j < pairs.length; j++) if (pairs[j][0] <= pairs[j - 1][0]) pairs[j][0] = pairs[j - 1][0] + 1e-9;
    return [pairs.map(function (p) { return p[0]; }), pairs.map(function (p) { return p[1]; })];
  }

  function trainingChart(el) {
    var opts = {
      width: width(el, 800), height: 260,
      scales: { x: { time: false }, rate: { range: [0, 100] }, loss: {} },
      axes: [
        { label: 'examples trained' },
        { scale: 'rate', label: 'running recognition rate (%)' },
        { scale: 'loss', side: 1, label: 'running loss', grid: { show: false } },
      ],
      series: [{ label: 'examples' }, line('rate %', COLORS.rate, { scale: 'rate' }), line('loss', COLORS.loss, { scale: 'loss' })],
    };
    var u = new uPlot(opts, [[], [], []], el);
    return {
      update: function (curve) {
        u.setData([
          curve.map(function (p) { return p.examples; }),
          curve.map(function (p) { return 100 * p.rate; }),
          curve.map(function (p) { return p.loss; }),
        ]);
      },
    };
  }

  function sigmoidChart(el) {
    var opts = {
      width: width(el, 260), height: 150, legend: { show: false },
      scales: { x: { time: false }, y: { range: [-0.1, 1.1] } },
      axes: [{ size: 28 }, { size: 40 }],
      series: [{}, pointsOnly('measured', COLORS.points, 3), line('calibrated', COLORS.curve), line('logistic', COLORS.logistic, { dash: [4, 4] }), pointsOnly('recent', COLORS.recent, 6)],
    };
    var u = new uPlot(opts, [[], [], [], [], []], el);
    return {
      update: function (sigmoid, recent) {
        var tables = [];
        if (sigmoid) {
          tables.push(sorted(sigmoid.xs, sigmoid.ys), sorted(sigmoid.curveXs, sigmoid.curveYs), sorted(sigmoid.curveXs, sigmoid.logisticYs));
        } else {
          tables.push([[], []], [[], []], [[], []]);
        }
        tables.push(sorted(recent.map(function (a) { return a.x; }), recent.map(function (a) { return a.y; })));
        var nonEmpty = tables.filter(function (t) { return t[0].length > 0; });
        if (nonEmpty.length === 0) { u.setData([[], [], [], [], []]); return; }
        // join only non-empty tables, then put empty series back as all-null
        var joined = uPlot.join(nonEmpty);
        var data = [joined[0]];
        var k = 1;
        for (var i = 0; i < tables.length; i++) {
          if (tables[i][0].length > 0) data.push(joined[k++]);
          else data.push(joined[0].map(function () { return null; }));
        }
        u.setData(data);
      },
    };
  }

  function loopChart(el) {
    var opts = {
      width: width(el, 500), height: 220,
      scales: { x: { time: false }, y: {} },
      axes: [{ label: 'current (mA)' }, { label: 'R_H (Ω)', size: 60 }],
      series: [{ label: 'mA' }, line('rising', COLORS.up), line('falling', COLORS.down)],
    };
    var u = new uPlot(opts, [[], [], []], el);
    return {
      /** points in measured order: the rising branch up to the largest current, then falling. */
      update: function (points) {
        var peak = 0;
        for (var i = 1; i < points.length; i++) if (points[i].currentUa > points[peak].currentUa) peak = i;
        var up = points.slice(0, peak + 1), down = points.slice(peak + 1);
        var mA = function (p) { return p.currentUa / 1000; };
        var r = function (p) { return p.rHallOhm; };
        var tables = [sorted(up.map(mA), up.map(r)), sorted(down.map(mA), down.map(r))].filter(function (t) { return t[0].length > 0; });
        if (tables.length === 0) return;
        var data = uPlot.join(tables);
        while (data.length < 3) data.push(data[0].map(function () { return null; }));
        u.setData(data);
      },
    };
  }

  window.NucleonCharts = { trainingChart: trainingChart, sigmoidChart: sigmoidChart, loopChart: loopChart };
})();
