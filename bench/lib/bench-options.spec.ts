import path from 'node:path';
import { parseBenchArgs } from './bench-options';

describe('parseBenchArgs', () => {
  it('reads --only (comma list or repeated), --smoke and --out', () => {
    const o = parseBenchArgs(['--only', 'a,b', '--only=c', '--smoke', '--out', 'x']);
    expect(o).toEqual({
      smoke: true,
      only: ['a', 'b', 'c'],
      outDir: path.resolve('x'),
      appsFrom: 'compiled',
    });
  });

  it('runs the apps compiled unless --apps-from source, and refuses other values', () => {
    expect(parseBenchArgs(['--apps-from', 'source']).appsFrom).toBe('source');
    expect(parseBenchArgs(['--apps-from=compiled']).appsFrom).toBe('compiled');
    expect(() => parseBenchArgs(['--apps-from', 'docker'])).toThrow(
      '--apps-from must be one of compiled, source, not docker',
    );
  });

  it('refuses unknown flags', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow('unknown argument --fast');
  });
});
