import { PartitionProgress } from './partition-progress';

describe('PartitionProgress', () => {
  it('commits nothing before the first record', () => {
    expect(new PartitionProgress().committable()).toBeUndefined();
  });

  it('commits at the lowest unfinished offset while later ones finish first', () => {
    const progress = new PartitionProgress();
    ['10', '11', '12', '13'].forEach((o) => progress.start(o));
    progress.finish('11');
    progress.finish('13');
    expect(progress.committable()).toBe('10');
    progress.finish('10');
    expect(progress.committable()).toBe('12');
    progress.finish('12');
    expect(progress.committable()).toBe('14');
    expect(progress.inFlight).toBe(0);
  });

  it('copes with gaps (compacted topics, transaction markers)', () => {
    const progress = new PartitionProgress();
    progress.start('5');
    progress.start('9');
    progress.finish('9');
    expect(progress.committable()).toBe('5');
    progress.finish('5');
    expect(progress.committable()).toBe('10');
  });

  it('refuses offsets started out of order', () => {
    const progress = new PartitionProgress();
    progress.start('7');
    expect(() => progress.start('7')).toThrow(RangeError);
  });
});
