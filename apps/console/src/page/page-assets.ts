import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The page's files: its own (apps/console/public, copied next to the compiled
 * app by the build) and the chart library from node_modules — served by the
 * app itself, since the machines here reach no CDN.
 */
export function publicDir(): string {
  // src/page → ../../public, from the TypeScript source and from dist/ alike.
  const dir = path.resolve(__dirname, '..', '..', 'public');
  if (!existsSync(path.join(dir, 'index.html')))
    throw new Error(`console page not found in ${dir}`);
  return dir;
}

export const ASSETS: Readonly<Record<string, { file: () => string; type: string }>> = {
  'console.js': {
    file: () => path.join(publicDir(), 'console.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'console.css': {
    file: () => path.join(publicDir(), 'console.css'),
    type: 'text/css; charset=utf-8',
  },
  'uplot.js': {
    file: () => require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'uplot.css': {
    file: () => require.resolve('uplot/dist/uPlot.min.css'),
    type: 'text/css; charset=utf-8',
  },
};
