/*
 * The board around the firmware on the real Espruino interpreter: Espruino's hardware API made
 * of the scripted double (model.js, loaded before this file; __CFG is the double's config, put
 * in front by the runner), in the Espruino subset. Redefined globals use `var` (a plain
 * assignment to a built-in function fails); methods of built-in objects are overridden.
 *
 * - Pins and SPI go to the double the way the twin's API surface (board/twin/espruino/globals.ts)
 *   hands them to its hardware: a bus write is one write per pin, least significant (the array's
 *   last pin) first, as Espruino's digitalWrite writes an array of pins.
 * - Time is virtual, as in the twin's frozen scheduler: getTime() reads __V.now, timers fire
 *   in due-time order (ties in creation order) when the runner advances time.
 * - The USB link is captured: the firmware's USB.on('data') receiver gets the runner's bytes,
 *   and what it writes is printed at once as hex, one `@@O <hex>` line per write.
 * - __CFG.realLink: leave USB and the console alone (the interpreter's stdin/stdout is then the
 *   board's USB link, as with `--telnet`); __CFG.realTime: leave getTime and the timers alone.
 * - __step(hex, advanceMs) feeds one chunk of link bytes, advances virtual time, and prints the
 *   outcome in one line: @@S <out hex> <hardware log> <interpreter ms> <free vars> <lowest free>
 *   <ms in the link receiver> <ms in one-shot timers> <their number> <ms in repeating timers>.
 *   The interpreter ms is the real time spent inside the firmware's handlers (the data
 *   receiver and its timer callbacks), measured with the interpreter's own clock, less the
 *   time inside this file's stand-ins for the native API.
 */
var __D = new NucleonDouble(__CFG);
var __V = {
  now: 0,
  timers: [],
  nextId: 1,
  order: 1,
  rx: undefined,
  cpuMs: 0,
  hwMs: 0,
  // stand-in calls so far, and what each costs the firmware's count beyond the native call it
  // replaces (__calibrate measures it; 0 until then); of them, the calls of a built-in function
  // the firmware holds in a variable (the build reads digitalWrite, digitalRead, digitalPulse,
  // analogRead, getTime and setTimeout into variables, firmware/fold.ts), which on a board skip the
  // lookup of a method among an object's natives that a call like SPI1.write makes, and what that
  // lookup costs (taken off those calls as well)
  calls: 0,
  standInMs: 0,
  varCalls: 0,
  lookupMs: 0,
  // the step's firmware time by entry: link data, one-shot timers (and how many), repeating timers
  rxMs: 0,
  onceMs: 0,
  onceCalls: 0,
  everyMs: 0,
  low: 1e9,
  sampling: __CFG.sampleMemory === true,
  clock: getTime,
  // the interpreter ends once no timer of its own is left: this one keeps it listening
  keepAlive: setInterval(function () {}, 3600000),
};

/*
 * On a board these calls are native; here they are interpreted JS. Their time is kept apart
 * (hwMs) and left out of the firmware's interpreter time. `held`: 1 in the stand-in of a built-in
 * function the firmware calls through a variable, 0 in a method's (see __calibrate).
 */
var __in = function (held) {
  __V.calls++;
  __V.varCalls += held;
  return __V.clock();
};
var __out = function (t0) {
  __V.hwMs += __V.clock() - t0;
};

/*
 * Memory is sampled inside the stand-ins, where their own call frames (and this function's)
 * hold variables that a board, whose hardware calls are native, does not: measured once here
 * (free at the top level against free inside a stand-in-shaped call) and given back.
 */
var __freeNow = function () {
  return process.memory(false).free;
};
var __probe = function (pins, value) {
  var t0 = __in(0);
  return __freeNow();
};
var __topFree = process.memory(false).free;
__V.standInVars = __topFree - __probe('B1', 1);
/*
 * The same for the dispatch above the firmware: a board enters a link-data handler or a timer
 * callback from native code, while here __advance and __run (their locals, the timer entry in
 * hand) sit between the step's top and the firmware. Measured at each entry (free at the step's
 * top, less free as __run calls in, less the data string the handler gets, which a board's USB
 * event carries too) and given back while the firmware runs.
 */
__V.topFree = 0;
__V.dispatchVars = 0;
var __sample = function () {
  if (!__V.sampling) return;
  var f = process.memory(false).free + __V.standInVars + __V.dispatchVars;
  if (f < __V.low) __V.low = f;
};

var __realTime = __CFG.realTime === true;
var __realLink = __CFG.realLink === true;
if (!__realTime) var getTime = function () {
  var t0 = __in(1);
  __sample();
  var t = __V.now / 1000;
  __out(t0);
  return t;
};
var __addTimer = function (fn, ms, repeat) {
  var d = typeof ms === 'number' && ms > 0 ? ms : 0;
  var t = { id: __V.nextId++, due: __V.now + d, order: __V.order++, rep: repeat ? (d > 0.001 ? d : 0.001) : 0, fn: fn };
  __V.timers.push(t);
  return t.id;
};
var __clearTimer = function (id) {
  for (var i = 0; i < __V.timers.length; i++) {
    if (__V.timers[i].id === id) {
      __V.timers.splice(i, 1);
      return;
    }
  }
};
if (!__realTime) var setTimeout = function (fn, ms) {
  var t0 = __in(1);
  __sample();
  var id = __addTimer(fn, ms, false);
  __out(t0);
  return id;
};
if (!__realTime) var setInterval = function (fn, ms) {
  var t0 = __in(0);
  __sample();
  var id = __addTimer(fn, ms, true);
  __out(t0);
  return id;
};
if (!__realTime) var clearTimeout = function (id) {
  var t0 = __in(0);
  __sample();
  __clearTimer(id);
  __out(t0);
};
if (!__realTime) var clearInterval = function (id) {
  var t0 = __in(0);
  __sample();
  __clearTimer(id);
  __out(t0);
};

var __pinName = function (p) {
  return String(p);
};
var digitalWrite = function (pins, value) {
  var t0 = __in(1);
  __sample();
  if (typeof pins !== 'object') __D.digitalWrite(__pinName(pins), (value & 1) === 1 ? 1 : 0);
  else {
    var n = pins.length;
    // least significant bit first, from the right-hand end of the array, as Espruino writes a bus
    for (var i = n - 1; i >= 0; i--) __D.digitalWrite(__pinName(pins[i]), ((value >> (n - 1 - i)) & 1) === 1 ? 1 : 0);
  }
  __out(t0);
};
var digitalRead = function (pins) {
  var t0 = __in(1);
  __sample();
  var v = 0;
  if (typeof pins !== 'object') v = __D.digitalRead(__pinName(pins));
  else for (var i = 0; i < pins.length; i++) v = (v << 1) | __D.digitalRead(__pinName(pins[i]));
  __out(t0);
  return v;
};
var __gateEnd = {};
var __queuePulse = function (name, level, ms) {
  // pulses on one pin queue up behind each other, as the hardware timer runs them
  var end = __gateEnd[name];
  __gateEnd[name] = (end !== undefined && end > __V.now ? end : __V.now) + ms;
  __D.digitalPulse(name, level, ms);
};
var digitalPulse = function (pin, level, ms) {
  var t0 = __in(1);
  __sample();
  var name = __pinName(pin);
  if (typeof ms === 'object') {
    // a train: each time in turn, the level inverting after each (Espruino's digitalPulse)
    var v = level ? 1 : 0;
    for (var i = 0; i < ms.length; i++) {
      if (ms[i] > 0) __queuePulse(name, v, ms[i]);
      v = 1 - v;
    }
  } else if (ms > 0) {
    __queuePulse(name, level ? 1 : 0, ms);
  } else {
    // digitalPulse(pin, v, 0) blocks until the pin's pulses are over: virtual time moves on,
    // and timers due meanwhile fire after the running code returns
    var until = __gateEnd[name];
    if (until !== undefined && until > __V.now) __V.now = until;
  }
  __out(t0);
};
var analogRead = function (pin) {
  var t0 = __in(1);
  __sample();
  var v = __D.analogRead(__pinName(pin));
  __out(t0);
  return v;
};
var pinMode = function () {};
// each bus's write is a stand-in of its own, as the other native calls are: a wrapper calling a
// shared one would put a second call level (≈ 50 us here) into the firmware's count
SPI1.setup = function () {};
SPI1.write = function (data, cs) {
  var t0 = __in(0);
  __sample();
  __D.spiWrite('SPI1', data, String(cs));
  __out(t0);
};
SPI2.setup = function () {};
SPI2.write = function (data, cs) {
  var t0 = __in(0);
  __sample();
  __D.spiWrite('SPI2', data, String(cs));
  __out(t0);
};
if (!__realLink) {
  // '@@READY' tells the runner the firmware has claimed the link (it waits on that line, not by polling)
  USB.on = function (event, cb) {
    if (event === 'data') {
      __V.rx = cb;
      print('@@READY');
    }
  };
  USB.removeAllListeners = function () {
    __V.rx = undefined;
  };
  // printed at once, not collected: a board's USB.write goes to a native buffer and holds no
  // variables, so a step's output kept in a string here would count against the firmware
  USB.write = function (data) {
    var t0 = __in(0);
    __sample();
    print('@@O ' + __D.hex(data));
    __out(t0);
  };
  USB.setConsole = function () {};
  LoopbackA.setConsole = function () {};
}
E.enableWatchdog = function () {};
E.kickWatchdog = function () {};

/** Runs `fn` as firmware work entered by `kind` (0 link data, 1 one-shot timer, 2 repeating timer). */
var __run = function (fn, arg, kind) {
  if (__V.sampling) {
    var d = __V.topFree - process.memory(false).free - (typeof arg === 'string' ? E.getSizeOf(arg) : 0);
    __V.dispatchVars = d > 0 ? d : 0;
  }
  var hw0 = __V.hwMs;
  var c0 = __V.calls;
  var v0 = __V.varCalls;
  var t0 = __V.clock();
  fn(arg);
  var ms = ((__V.clock() - t0) - (__V.hwMs - hw0)) * 1000 - (__V.calls - c0) * __V.standInMs - (__V.varCalls - v0) * __V.lookupMs;
  __V.cpuMs += ms;
  if (kind === 0) __V.rxMs += ms;
  else if (kind === 1) {
    __V.onceMs += ms;
    __V.onceCalls++;
  } else __V.everyMs += ms;
  __sample();
  __V.dispatchVars = 0;
};

/** Fires every timer due up to now + ms, in due order (ties by creation), like the twin's advance(). */
var __advance = function (ms) {
  var target = __V.now + ms;
  for (;;) {
    var best = -1;
    for (var i = 0; i < __V.timers.length; i++) {
      var t = __V.timers[i];
      if (t.due > target) continue;
      if (best < 0) best = i;
      else {
        var b = __V.timers[best];
        if (t.due < b.due || (t.due === b.due && t.order < b.order)) best = i;
      }
    }
    if (best < 0) break;
    var e = __V.timers[best];
    if (e.due > __V.now) __V.now = e.due;
    if (e.rep > 0) {
      e.due += e.rep;
      e.order = __V.order++;
    } else __V.timers.splice(best, 1);
    __run(e.fn, undefined, e.rep > 0 ? 2 : 1);
  }
  if (target > __V.now) __V.now = target;
};

var __bytes = function (hex) {
  var s = '';
  for (var i = 0; i < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.substr(i, 2), 16));
  return s;
};

var __step = function (hex, advanceMs) {
  __V.cpuMs = 0;
  __V.hwMs = 0;
  __V.rxMs = 0;
  __V.onceMs = 0;
  __V.onceCalls = 0;
  __V.everyMs = 0;
  __V.low = 1e9;
  if (__V.sampling) __V.topFree = process.memory(false).free;
  if (hex.length > 0 && __V.rx !== undefined) __run(__V.rx, __bytes(hex), 0);
  if (advanceMs > 0) __advance(advanceMs);
  var low = __V.low;
  var free = process.memory().free;
  if (free < low) low = free;
  print('@@S - ' + (__D.take() || '-') + ' ' + __V.cpuMs.toFixed(4) + ' ' + free + ' ' + low + ' ' + __V.rxMs.toFixed(4) + ' ' + __V.onceMs.toFixed(4) + ' ' + __V.onceCalls + ' ' + __V.everyMs.toFixed(4));
};

/**
 * The speed reference (tools README): the Leibniz loop on globals, µs per iteration. A public
 * measurement on an Espruino Pico gave ≈ 458 µs per iteration; the ratio scales times here to a
 * Pico's.
 */
/*
 * A stand-in costs the firmware's count more than the native call it replaces: entering an
 * interpreted function and its __in() before the clock is read, and __out's return after. Timed
 * here as n calls of an empty stand-in (counted as __run counts) less n calls of a native
 * method of two arguments on an object held in a local (`m.min`: the lookup of `min` among
 * Math's natives and the call, as a board looks up and calls SPI1.write), per call, in ms; __run
 * then subtracts it per stand-in call. A built-in function the firmware holds in a variable
 * (`mn(…)` with mn = Math.min) costs the call without that lookup: the difference (lookupMs) is
 * taken off those calls too. Each loop is timed five times and the shortest kept: a busy machine
 * only ever adds time, and an op of many hardware calls carries these figures hundreds of times.
 */
var __emptyStandIn = function (pins, value) {
  var t0 = __in(0);
  __out(t0);
};
var __calibrate = function (n) {
  var probe = 'B1';
  var m = Math;
  var mn = Math.min;
  var standIn = 1e9;
  var method = 1e9;
  var held = 1e9;
  for (var round = 0; round < 5; round++) {
    var hw0 = __V.hwMs;
    var t0 = __V.clock();
    for (var i = 0; i < n; i++) __emptyStandIn(probe, 1);
    var s = (__V.clock() - t0) - (__V.hwMs - hw0);
    if (s < standIn) standIn = s;
    t0 = __V.clock();
    for (var j = 0; j < n; j++) m.min(probe, 1);
    var a = __V.clock() - t0;
    if (a < method) method = a;
    t0 = __V.clock();
    for (var k = 0; k < n; k++) mn(probe, 1);
    var b = __V.clock() - t0;
    if (b < held) held = b;
  }
  __V.standInMs = standIn > method ? ((standIn - method) * 1000) / n : 0;
  __V.lookupMs = method > held ? ((method - held) * 1000) / n : 0;
  return __V.standInMs;
};

var __lx = 1;
var __lpi = 0;
var __leibniz = function (n) {
  __lx = 1;
  __lpi = 0;
  var t0 = __V.clock();
  for (var i = 1; i <= n; i++) {
    __lx = __lx * -1;
    __lpi = __lpi + __lx / (2 * i - 1);
  }
  return ((__V.clock() - t0) * 1e6) / n;
};
