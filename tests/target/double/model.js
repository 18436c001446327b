/*
 * The scripted hardware of a Nucleon board, in the Espruino subset (ES5: var, function, no
 * destructuring), so one file serves both sides of the conformance test: the real Espruino
 * interpreter loads it inside its prelude (espruino-prelude.js), and the twin side loads it into
 * Node and hands it to the twin's Espruino API surface as the board's pin-level hardware.
 *
 * Calls are the twin's PinLevelHardware (board/twin/hardware.ts): digitalWrite(pin, level),
 * digitalRead(pin), digitalPulse(pin, level, ms), spiWrite(bus, bytes, csPin), analogRead(pin).
 * Everything is integer logic except the ADC fraction, counts / (2^bits - 1), so both
 * interpreters compute the same values.
 *
 * Each populated channel is a little device: HYST hysterons with DAC-code thresholds
 * thrCode + k * stepCode; a gate pulse on the selected, enabled channel with code >= a
 * hysteron's threshold sets it to the pulse's sign. The reading is lowCounts plus
 * (highCounts - lowCounts) / HYST per hysteron up, plus a 4-step pattern of +-1 count of
 * "noise" (so stable-mode settling sees readings that differ). A vacant channel reads
 * vacantCounts. The log (when on) lists every call with its values; milliseconds are logged
 * as the hex of their float64 bits, so a last-bit difference shows.
 */
function NucleonDouble(cfg) {
  this.pins = cfg.pins; // { select: [msb..lsb], enable, polarity, gate, adc, dacCs, dacSpi }
  this.adcMax = (1 << cfg.adcBits) - 1;
  this.vacantCounts = cfg.vacantCounts;
  this.dev = cfg.devices; // per channel: null (vacant) or [lowCounts, highCounts, thrCode, stepCode]
  this.up = new Int32Array(cfg.devices.length); // hysteron bits per channel
  this.level = {};
  this.dacCode = 0;
  this.reads = 0;
  this.pulses = 0;
  this.logOn = cfg.log === true;
  this.log = '';
  this.f64 = new Float64Array(1);
  this.f64b = new Uint8Array(this.f64.buffer);
}

NucleonDouble.HYST = 8;
NucleonDouble.NOISE = [0, 1, 0, -1];

NucleonDouble.prototype.hex = function (bytes) {
  var s = '';
  for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
};

NucleonDouble.prototype.msHex = function (ms) {
  this.f64[0] = ms;
  return this.hex(this.f64b);
};

NucleonDouble.prototype.note = function (s) {
  if (this.logOn) this.log += s + ';';
};

NucleonDouble.prototype.take = function () {
  var s = this.log;
  this.log = '';
  return s;
};

NucleonDouble.prototype.channel = function () {
  var sel = this.pins.select;
  var ch = 0;
  for (var i = 0; i < sel.length; i++) ch = (ch << 1) | (this.level[sel[i]] === 1 ? 1 : 0);
  return ch;
};

NucleonDouble.prototype.digitalWrite = function (pin, level) {
  this.level[pin] = level;
  this.note('w' + pin + '=' + level);
};

NucleonDouble.prototype.digitalRead = function (pin) {
  var v = this.level[pin] === 1 ? 1 : 0;
  this.note('r' + pin + '=' + v);
  return v;
};

NucleonDouble.prototype.spiWrite = function (bus, bytes, cs) {
  // MCP4822: [0x10 | code >> 8, code & 0xff] latches channel A's code
  if (bytes.length === 2) this.dacCode = ((bytes[0] & 0x0f) << 8) | bytes[1];
  this.note('s' + bus + ':' + this.hex(bytes) + ':' + cs);
};

NucleonDouble.prototype.digitalPulse = function (pin, level, ms) {
  this.note('p' + pin + '=' + level + ':' + this.msHex(ms));
  if (pin !== this.pins.gate || level !== 1 || this.level[this.pins.enable] !== 1) return;
  var ch = this.channel();
  var d = this.dev[ch];
  if (d === null || d === undefined) return;
  this.pulses++;
  var negative = this.level[this.pins.polarity] === 1;
  var bits = this.up[ch];
  for (var k = 0; k < NucleonDouble.HYST; k++) {
    if (this.dacCode >= d[2] + k * d[3]) bits = negative ? bits & ~(1 << k) : bits | (1 << k);
  }
  this.up[ch] = bits;
};

NucleonDouble.prototype.analogRead = function (pin) {
  var counts = this.vacantCounts;
  var ch = this.channel();
  var d = this.dev[ch];
  if (pin === this.pins.adc && this.level[this.pins.enable] === 1 && d !== null && d !== undefined) {
    var n = 0;
    for (var b = this.up[ch]; b !== 0; b = b >> 1) n += b & 1;
    counts = d[0] + (((d[1] - d[0]) * n) / NucleonDouble.HYST | 0) + NucleonDouble.NOISE[this.reads & 3];
  }
  this.reads++;
  this.note('a' + pin + '=' + counts);
  return counts / this.adcMax;
};

if (typeof module !== 'undefined') module.exports = { NucleonDouble: NucleonDouble };
