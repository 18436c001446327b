/**
 * The live dashboard in a real browser (headless Chromium via playwright-core) against
 * `serve` with a twin and a token: the page's numbers equal the API's, its forms make real
 * API requests, a training run's curve grows on the page as progress events arrive, and a
 * screenshot is saved to test-artifacts/dashboard.png. The page's update latency (server
 * event → DOM updated → next frame) is measured in the browser and printed, never asserted:
 * a busy machine must not fail this test. Every wait is on a page condition.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RunningServer } from '../../host/server/server';
import { startServer } from '../../host/server/server';
import { TrainingFeed } from '../../host/server/dashboard/training-feed';
import { headOf, loadMnist } from '../../host/trainer/mnist';
import { IdealActivation } from '../../host/trainer/activation';
import { train } from '../../host/trainer/trainer';
import { isRecord, REPO, request } from '../server/helpers';
import { describeInBrowser } from './chromium';
import { attr, dataValue, evalJson, WAIT, waitForAttr, waitForExpr } from './page-probe';

const TOKEN = 'dashboard-test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const ARTIFACTS = path.join(REPO, 'test-artifacts');

interface LatencySample {
  seq: number;
  type: string;
  emittedAtMs: number;
  receivedMs: number;
  domMs: number;
  frameMs: number;
}

function obj(v: unknown): Record<string, unknown> {
  if (!isRecord(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v;
}

/** The raw value (data-value) of a field on the page, '' when unknown. */
function fieldValue(page: Page, scope: string, field: string): Promise<string | null> {
  return dataValue(page, `${scope} [data-field="${field}"]`);
}

function isSample(v: unknown): v is LatencySample {
  return isRecord(v) && ['seq', 'emittedAtMs', 'receivedMs', 'domMs', 'frameMs'].every((k) => typeof v[k] === 'number') && typeof v.type === 'string';
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const { d, executablePath } = describeInBrowser();

d('the live dashboard in headless Chromium (serve, one twin, token)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ boards: ['sim:seed=41'], port: 0, token: TOKEN });
    browser = await chromium.launch({ executablePath });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/#token=${TOKEN}`);
    await waitForExpr(page, 'window.nucleonDash !== undefined && window.nucleonDash.ready === true');
    expect(errors).toEqual([]);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('without the token the page says unauthorized and asks for it; the page itself needs none', async () => {
    const other = await browser.newPage();
    try {
      const res = await other.goto(`${server.url}/`);
      expect(res?.status()).toBe(200);
      await waitForAttr(other, '#conn', 'data-state', 'unauthorized');
      expect(await attr(other, '#token-form', 'hidden')).toBeNull();
      expect(await evalJson(other, "document.querySelectorAll('[data-board]').length")).toBe(0);
    } finally {
      await other.close();
    }
  });

  test('board and neuron figures on the page equal GET /v1/board and GET /v1/neurons', async () => {
    const cal = await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 200 }, headers: AUTH, timeoutMs: 60000 });
    expect(cal.status).toBe(200);
    // GET /v1/neurons reads the board's status (pulses, stress, device time); /v1/board then reports that read
    const neurons = obj((await request(server.url, '/v1/neurons', { headers: AUTH })).json).neurons as Record<string, unknown>[];
    const board = (obj((await request(server.url, '/v1/board', { headers: AUTH })).json).boards as Record<string, unknown>[])[0];
    expect(board.link).toBe('up');
    expect(typeof board.pulses).toBe('number');
    expect(board.pulses as number).toBeGreaterThan(0);
    const want = {
      link: String(board.link),
      firmwareVersion: String(board.firmwareVersion),
      pulses: String(board.pulses),
      deviceTimeMs: String(board.deviceTimeMs),
      frameErrors: String(board.frameErrors),
    };
    for (const [field, value] of Object.entries(want)) await waitForAttr(page, `tr[data-board="b0"] [data-field="${field}"]`, 'data-value', value);
    // all at once too (one status read, not values from different reads)
    for (const [field, value] of Object.entries(want)) expect(await fieldValue(page, 'tr[data-board="b0"]', field)).toBe(value);
    for (const n of neurons) {
      const scope = `[data-neuron="${String(n.id)}"]`;
      expect(await fieldValue(page, scope, 'deltaI99Ua')).toBe(n.deltaIUa === null ? '' : String(n.deltaIUa));
      expect(await fieldValue(page, scope, 'stressRatio')).toBe(String(obj(n.thermal).stressRatio));
    }
    const b00 = neurons.find((n) => n.id === 'b0:0') as Record<string, unknown>;
    expect(b00.deltaIUa).toBe(obj(cal.json).deltaI99Ua);
    expect(await fieldValue(page, '[data-neuron="b0:0"]', 'switchingRatio')).toBe(String(obj(cal.json).switchingRatio));
    // the measured points of the calibrated sigmoid are drawn
    const dots = Number(await attr(page, '[data-neuron="b0:0"]', 'data-points'));
    expect(dots).toBeGreaterThan(20);
  }, 120000);

  test('the activate form makes a real API request and the activation appears on the neuron', async () => {
    await page.selectOption('#activate-form select[name="neuron"]', 'b0:0');
    await page.fill('#activate-form input[name="x"]', '1.25');
    await page.click('#activate-form button[type="submit"]');
    await waitForExpr(page, "/^-?\\d/.test(document.getElementById('activate-y').dataset.value || '')");
    const y = Number(await dataValue(page, '#activate-y'));
    const last = server.hub.neuron('b0:0')?.recent.at(-1);
    expect(last).toEqual({ x: 1.25, y });
    expect(y).toBeGreaterThan(0.5);
    await waitForExpr(page, `document.querySelector('[data-neuron="b0:0"] [data-field="recent"]').textContent.includes(${JSON.stringify(`1.25→${y.toFixed(3)}`)})`);
  }, 120000);

  test('the sweep form draws the loop the API measured', async () => {
    await page.selectOption('#sweep-form select[name="neuron"]', 'b0:2');
    await page.fill('#sweep-form input[name="steps"]', '100');
    await page.click('#sweep-form button[type="submit"]');
    await waitForExpr(page, "document.getElementById('sweep-chart').dataset.points !== undefined");
    const drawn = Number(await attr(page, '#sweep-chart', 'data-points'));
    const said = Number(await dataValue(page, '#sweep-detail'));
    expect(drawn).toBe(said);
    expect(drawn).toBeGreaterThanOrEqual(100);
  }, 120000);

  test('a training run: the curve grows on the page as examples arrive, figures equal the run', async () => {
    const mnist = loadMnist();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-dash-'));
    const checkpointFile = path.join(dir, 'run.ckpt.json');
    const feed = new TrainingFeed(server.hub, { activation: 'ideal', checkpointFile });
    const result = await train({
      train: headOf(mnist.train, 8000),
      test: headOf(mnist.test, 500),
      activation: new IdealActivation(),
      checkpointFile,
      checkpointEvery: 4000,
      onProgress: feed.progress,
    });
    feed.finished(result.testAcc);
    fs.rmSync(dir, { recursive: true, force: true });
    const points = server.hub.curve.length;
    expect(points).toBeGreaterThanOrEqual(4);
    await waitForAttr(page, '#train-chart', 'data-points', String(points));
    await waitForExpr(page, `document.querySelector('#train-stats [data-field="testAcc"]') !== null`);
    const lengths = (await evalJson(page, 'window.nucleonDash.curveLengths')) as number[];
    // one training message at a time: the drawn curve went through each length on its way up
    const distinct = [...new Set(lengths)];
    expect(distinct.filter((n) => n > 0)).toEqual(Array.from({ length: points }, (_, i) => i + 1));
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(await fieldValue(page, '#train-stats', 'trained')).toBe(String(result.trainExamples));
    expect(await fieldValue(page, '#train-stats', 'testAcc')).toBe(String(result.testAcc));
    expect(await fieldValue(page, '#train-stats', 'checkpoint')).toBe('8000');
    const rate = Number(await fieldValue(page, '#train-stats', 'rate'));
    expect(rate).toBe(server.hub.training?.rate);
    expect(rate).toBeCloseTo(result.trainRunningAcc, 12);
  }, 180000);

  test('screenshot and the update latency, measured in the browser', async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10000);
    // every message the page applied got its next-frame timestamp
    const lastSeq = Number(await evalJson(page, 'window.nucleonDash.lastSeq'));
    await waitForExpr(page, `window.nucleonDash.latencies.some((l) => l.seq === ${lastSeq})`);
    const samples = (await evalJson(page, 'window.nucleonDash.latencies')) as unknown[];
    expect(samples.every(isSample)).toBe(true);
    const events = (samples as LatencySample[]).filter((s) => s.type !== 'snapshot');
    expect(events.length).toBeGreaterThan(5);
    const toFrame = events.map((s) => s.frameMs - s.emittedAtMs).sort((a, b) => a - b);
    const toDom = events.map((s) => s.domMs - s.emittedAtMs).sort((a, b) => a - b);
    for (const v of [...toFrame, ...toDom]) expect(Number.isFinite(v)).toBe(true);
    const fmt = (xs: number[]): string => `median ${quantile(xs, 0.5).toFixed(1)} ms, p90 ${quantile(xs, 0.9).toFixed(1)} ms, max ${xs[xs.length - 1].toFixed(1)} ms`;
    // training messages are emitted in bursts: the trainer runs 2 000 ideal examples between
    // yields, so what it emits waits for the next yield before the socket sends it
    const others = events.filter((s) => s.type !== 'training').map((s) => s.frameMs - s.emittedAtMs).sort((a, b) => a - b);
    const training = events.filter((s) => s.type === 'training').map((s) => s.frameMs - s.emittedAtMs).sort((a, b) => a - b);
    process.stdout.write(
      `\ndashboard update latency over ${events.length} events (server emit → DOM updated): ${fmt(toDom)}\n` +
        `dashboard update latency (server emit → next animation frame): ${fmt(toFrame)}\n` +
        (others.length > 0 ? `  board/neuron/activation events (${others.length}) → next frame: ${fmt(others)}\n` : '') +
        (training.length > 0 ? `  training events (${training.length}) → next frame: ${fmt(training)}\n` : '') +
        `screenshot: ${path.relative(REPO, file)}\n`,
    );
  }, 120000);

  test('the stress bar is green well below the guard, amber near it and red at it', async () => {
    const base = server.hub.neuron('b0:9');
    if (!base) throw new Error('no neuron b0:9 on the hub');
    const levels: string[] = [];
    for (const stressRatio of [0.1, 0.7, 0.85]) {
      server.hub.publish({ type: 'neuron', neuron: { ...base, stressRatio, guardRatio: 0.8 } });
      await waitForAttr(page, '[data-neuron="b0:9"] [data-field="stressRatio"]', 'data-value', String(stressRatio));
      const bar = '[data-neuron="b0:9"] .bar';
      levels.push(String(await evalJson(page, `document.querySelector('${bar}').dataset.level + ' ' + getComputedStyle(document.querySelector('${bar} .fill')).backgroundColor`)));
    }
    expect(levels.map((l) => l.split(' ')[0])).toEqual(['ok', 'amber', 'guarded']);
    // amber is amber on screen: var(--amber) #d98e04
    expect(levels[1]).toMatch(/rgb\(217, 142, 4\)/);
    server.hub.publish({ type: 'neuron', neuron: base });
  });
});
