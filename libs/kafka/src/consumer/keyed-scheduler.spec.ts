import { KeyedScheduler } from './keyed-scheduler';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedScheduler', () => {
  it('keeps one key in order and runs different keys concurrently up to the limit', async () => {
    const scheduler = new KeyedScheduler(2);
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const task = (name: string) => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      const gate = deferred();
      gates.set(name, gate);
      await gate.promise;
      running -= 1;
      log.push(`end ${name}`);
    };
    const all = [
      scheduler.run('A', task('A1')),
      scheduler.run('A', task('A2')),
      scheduler.run('B', task('B1')),
      scheduler.run('C', task('C1')),
    ];
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start A1', 'start B1']);
    gates.get('B1')!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(log).toContain('start C1');
    expect(log).not.toContain('start A2');
    gates.get('A1')!.resolve();
    await new Promise((r) => setImmediate(r));
    gates.get('C1')!.resolve();
    await new Promise((r) => setImmediate(r));
    gates.get('A2')?.resolve();
    await Promise.all(all);
    expect(log.indexOf('end A1')).toBeLessThan(log.indexOf('start A2'));
    expect(maxRunning).toBe(2);
  });

  it('continues a key after a failed task', async () => {
    const scheduler = new KeyedScheduler(1);
    const failed = scheduler.run('A', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(scheduler.run('A', async () => 'next')).resolves.toBe('next');
  });
});
