import { mergeTopicRecords } from './merge-topic-records';

const record = (key: string) => ({ key, value: { key } });

describe('mergeTopicRecords', () => {
  it('joins consecutive batches of one topic and keeps the call order', () => {
    const merged = mergeTopicRecords([
      [{ topic: 'a', records: [record('1'), record('2')] }],
      [{ topic: 'a', records: [record('3')] }],
      [
        { topic: 'b', records: [record('4')] },
        { topic: 'a', records: [record('5')] },
      ],
    ]);
    expect(merged.map((b) => [b.topic, b.records.map((r) => r.key)])).toEqual([
      ['a', ['1', '2', '3']],
      ['b', ['4']],
      ['a', ['5']],
    ]);
  });

  it('leaves the callers’ batches as they were', () => {
    const first = [{ topic: 'a', records: [record('1')] }];
    mergeTopicRecords([first, [{ topic: 'a', records: [record('2')] }]]);
    expect(first[0].records.map((r) => r.key)).toEqual(['1']);
  });
});
