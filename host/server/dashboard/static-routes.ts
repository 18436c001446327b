/**
 * The dashboard's page: `GET /` (host/dashboard/index.html), `/dashboard/<file>` (its script
 * and style) and `/vendor/<file>` (uPlot's dist files, resolved in node_modules: no CDN, the
 * lab machine may be offline). Only the files listed here are served, and only they are open
 * without the token.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { FastifyInstance } from 'fastify';
import { DASHBOARD_PATHS } from '../auth';

const PAGE_DIR = path.join(__dirname, '..', '..', 'dashboard');

const TYPES: { [ext: string]: string } = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** URL path (auth.ts DASHBOARD_PATHS, the paths open without the token) → file on disk. */
export function dashboardFiles(): Map<string, string> {
  const files: { [url: string]: string } = {
    '/': path.join(PAGE_DIR, 'index.html'),
    '/dashboard/dashboard.js': path.join(PAGE_DIR, 'dashboard.js'),
    '/dashboard/charts.js': path.join(PAGE_DIR, 'charts.js'),
    '/dashboard/dashboard.css': path.join(PAGE_DIR, 'dashboard.css'),
    '/vendor/uPlot.iife.min.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
    '/vendor/uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
  return new Map(DASHBOARD_PATHS.map((url) => [url, files[url]]));
}

export function registerStaticRoutes(app: FastifyInstance): void {
  for (const [url, file] of dashboardFiles()) {
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    app.get(url, async (_req, reply) => {
      reply.header('content-type', type);
      reply.header('cache-control', 'no-cache');
      // read per request: small files, and an edited page shows on reload
      return fs.promises.readFile(file);
    });
  }
}
