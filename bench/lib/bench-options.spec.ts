import path from 'node:path';
import { parseBenchArgs } from './bench-options';

describe('parseBenchArgs', () => {
  it('reads --only (comma list or repeated), --smoke and --out', () => {
    const o = parseBenchArgs(['--only', 'a,b', '--only=c', '--smoke', '--out', 'x']);
    expect(o).toEqual({ smoke: true, only: ['a', 'b', 'c'], outDir: path.resolve('x') });
  });

  it('refuses unknown flags', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow('unknown argument --fast');
  });
});
