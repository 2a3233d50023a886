import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface StaticFile {
  body: Buffer;
  type: string;
}

const require = createRequire(import.meta.url);

/**
 * The files the pages load, read once at start: the stylesheet, the chart script, and
 * lightweight-charts' standalone build from its npm package, so pages work offline (no CDN).
 */
export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const own = (name: string) => new URL(`./static/${name}`, import.meta.url);
  // The package exports only its ES module; the standalone build (a global
  // `LightweightCharts`, loadable by a plain <script>) sits beside it in dist/.
  const chartLibrary = join(
    dirname(require.resolve('lightweight-charts/package.json')),
    'dist/lightweight-charts.standalone.production.js',
  );
  const entries: Array<[string, string | URL, string]> = [
    ['app.css', own('app.css'), 'text/css; charset=utf-8'],
    ['asset-chart.js', own('asset-chart.js'), 'text/javascript; charset=utf-8'],
    ['lightweight-charts.js', chartLibrary, 'text/javascript; charset=utf-8'],
  ];
  const files = new Map<string, StaticFile>();
  for (const [name, path, type] of entries) files.set(name, { body: await readFile(path), type });
  return files;
}
