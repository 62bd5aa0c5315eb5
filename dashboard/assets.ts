import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Assets } from './pages/layout';

/**
 * Static files, read once at start-up and served from memory: the
 * dashboard's own CSS and script (dashboard/public/) and uPlot, straight from
 * node_modules, so the dashboard works offline with no CDN and no build step.
 * URLs carry a content hash, so browsers may cache them for a long time.
 */
export interface StaticFile {
  body: string;
  type: string;
  hash: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function load(file: string, type: string): StaticFile {
  const body = readFileSync(file, 'utf8');
  return { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

export function loadAssets(): { files: Map<string, StaticFile>; urls: Assets } {
  const files = new Map<string, StaticFile>([
    ['dashboard.css', load(path.join(here, 'public', 'dashboard.css'), 'text/css; charset=utf-8')],
    ['dashboard.js', load(path.join(here, 'public', 'dashboard.js'), 'text/javascript; charset=utf-8')],
    ['vendor/uplot.js', load(require.resolve('uplot/dist/uPlot.iife.min.js'), 'text/javascript; charset=utf-8')],
    ['vendor/uplot.css', load(require.resolve('uplot/dist/uPlot.min.css'), 'text/css; charset=utf-8')],
  ]);
  const url = (name: string) => `/assets/${name}?v=${files.get(name)!.hash}`;
  return { files, urls: { css: url('dashboard.css'), js: url('dashboard.js'), uplotJs: url('vendor/uplot.js'), uplotCss: url('vendor/uplot.css') } };
}
