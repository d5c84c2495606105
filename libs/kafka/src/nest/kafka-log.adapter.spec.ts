import { kafkaLogTo } from './kafka-log.adapter';

describe('kafkaLogTo', () => {
  it('keeps KafkaJS errors as errors and logs every other level as a warning', () => {
    const lines: string[] = [];
    const log = kafkaLogTo({
      error: (extra, message) => lines.push(`error ${message} ${JSON.stringify(extra)}`),
      warn: (extra, message) => lines.push(`warn ${message} ${JSON.stringify(extra)}`),
    });
    log('error', 'broker gone', { broker: 'b1' });
    log('warn', 'rebalancing', {});
    log('info', 'joined', {});
    expect(lines).toEqual([
      'error broker gone {"broker":"b1"}',
      'warn rebalancing {}',
      'warn joined {}',
    ]);
  });
});
