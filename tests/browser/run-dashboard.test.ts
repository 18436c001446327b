/**
 * A training run's dashboard (`nucleon train --dashboard PORT`) in headless Chromium: the
 * run's own RunObserver on a dashboard server, an analog run on the twin through the train
 * command's code path. The page shows the board, channel 0's calibrated sigmoid with its
 * measured points, and the run's curve and figures as the run reports them. The bind rule
 * is serve's: a non-loopback address without a token is refused before anything runs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { RunDashboard } from '../../host/server/dashboard/run-dashboard';
import { runTrainCommand, type TrainCommandOptions, type TrainIo } from '../../host/trainer/run';
import { runCli } from '../server/helpers';
import { describeInBrowser } from './chromium';
import { attr, dataValue, evalJson, waitForAttr, waitForExpr } from './page-probe';

const { d, executablePath } = describeInBrowser();

d('a training run\'s dashboard in headless Chromium (train --activation analog on the twin)', () => {
  let browser: Browser;
  let page: Page;
  let dashboard: RunDashboard;

  beforeAll(async () => {
    dashboard = await RunDashboard.open({ mode: 'train', port: 0 });
    browser = await chromium.launch({ executablePath });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${dashboard.url}/`);
    await waitForExpr(page, 'window.nucleonDash !== undefined && window.nucleonDash.ready === true');
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  test('the page follows the run: board, calibrated sigmoid, curve, figures', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-rundash-'));
    const checkpoint = path.join(dir, 'analog.ckpt.json');
    const opts: TrainCommandOptions = {
      board: 'sim:seed=7',
      activation: 'analog',
      trainN: 6000,
      testN: 200,
      epochs: 1,
      lr: 0.1,
      seed: 1,
      overload: false,
      checkpoint,
      checkpointEvery: 2000,
      json: true,
    };
    let out = '';
    const io: TrainIo = {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true, isTTY: false },
      signals: { on: () => undefined, removeListener: () => undefined },
      observer: dashboard,
    };
    const code = await runTrainCommand(opts, io);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    const summary = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
    const points = dashboard.hub.curve.length;
    expect(points).toBeGreaterThanOrEqual(3);
    await waitForAttr(page, '#train-chart', 'data-points', String(points));
    await waitForExpr(page, `document.querySelector('#train-stats [data-field="testAcc"]') !== null`);
    expect(await dataValue(page, '#train-stats [data-field="trained"]')).toBe(String(summary.train_examples));
    expect(Number(await dataValue(page, '#train-stats [data-field="testAcc"]'))).toBe(summary.test_acc);
    expect(await dataValue(page, '#train-stats [data-field="checkpoint"]')).toBe('6000');
    // the board: its firmware as hello said, the run's own counters (no status reads during a run)
    expect(await dataValue(page, 'tr[data-board="b0"] [data-field="link"]')).toBe('up');
    expect(await dataValue(page, 'tr[data-board="b0"] [data-field="firmwareVersion"]')).toMatch(/^\d+\.\d+\.\d+/);
    // channel 0's calibration, measured points and all
    expect(await dataValue(page, '[data-neuron="b0:0"] [data-field="deltaI99Ua"]')).toBe(String(dashboard.hub.neuron('b0:0')?.deltaI99Ua));
    expect(Number(await attr(page, '[data-neuron="b0:0"]', 'data-points'))).toBeGreaterThan(20);
    // the forms need the API, which a run's dashboard does not serve
    expect(await evalJson(page, "document.getElementById('tools-section').hidden")).toBe(true);
  }, 240000);

  // Analog, not live: two live runs on the twin differ between themselves already (its idle
  // clock follows the wall), so only a reproducible run can show that watching changes nothing.
  test('a run is the same with and without --dashboard: every figure but wall time', async () => {
    const args = ['train', '--activation', 'analog', '--board', 'sim:seed=9', '--train', '2000', '--test', '100', '--json'];
    const plain = await runCli(args, {}, 120000);
    const watched = await runCli([...args, '--dashboard', '0'], {}, 120000);
    expect([plain.code, watched.code]).toEqual([0, 0]);
    expect(watched.stderr).toMatch(/dashboard http:\/\/127\.0\.0\.1:\d+\//);
    const figures = (stdout: string): Record<string, unknown> => {
      const { wall_s: _wall, ...rest } = JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
      return rest;
    };
    const a = figures(plain.stdout);
    expect(a.train_examples).toBe(2000);
    expect(figures(watched.stdout)).toEqual(a);
  }, 240000);

  test('--dashboard on a non-loopback address without a token is refused, as serve is', async () => {
    const r = await runCli(['train', '--dashboard', '0', '--dashboard-host', '0.0.0.0', '--train', '10'], { NUCLEON_TOKEN: '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without --token/);
  });
});
