import { DLQ_HEADERS } from '@paystream/contracts';
import { buildDeadLetter } from './dead-letter';

describe('buildDeadLetter', () => {
  it('keeps the original record and adds why/where headers, replacing stale dlq-* ones', () => {
    const letter = buildDeadLetter(
      {
        key: 'AB-123',
        value: Buffer.from('{"x":1}'),
        headers: { 'event-id': 'e1', [DLQ_HEADERS.reason]: 'old' },
        topic: 't',
        partition: 2,
        offset: '41',
        timestamp: '1700000000000',
      },
      { reason: 'bad', errorClass: 'schema_invalid', attempts: 1, consumerGroup: 'g' },
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(letter.key).toBe('AB-123');
    expect(letter.value).toEqual(Buffer.from('{"x":1}'));
    expect(letter.headers).toEqual({
      'event-id': 'e1',
      [DLQ_HEADERS.reason]: 'bad',
      [DLQ_HEADERS.errorClass]: 'schema_invalid',
      [DLQ_HEADERS.attempts]: '1',
      [DLQ_HEADERS.failedAt]: '2030-01-01T00:00:00.000Z',
      [DLQ_HEADERS.consumerGroup]: 'g',
      [DLQ_HEADERS.originalTopic]: 't',
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '41',
      [DLQ_HEADERS.originalTimestamp]: '1700000000000',
    });
  });
});
