import { DLQ_HEADERS, HEADERS } from '@paystream/contracts';
import { EventProducer, readDeadLetters, replayDeadLetters } from '@paystream/kafka';
import {
  createTopic,
  deleteTopic,
  produceMessages,
  randomName,
  testKafka,
  waitForMessages,
} from '@paystream/testing';

/**
 * `npm run dlq:replay` and the console's re-drive buttons share this code: a
 * dead letter goes back to the topic it came from with its key, value and
 * headers, and without the dlq-* headers; a letter that does not say where it
 * came from is skipped, not guessed.
 */
describe('dead letters', () => {
  const original = randomName('topic');
  const dlq = randomName('topic');

  beforeAll(async () => {
    await createTopic(original, { partitions: 2 });
    await createTopic(dlq, { partitions: 1 });
  });
  afterAll(() => deleteTopic(original, dlq));

  it('are read back with their reason and replayed to their original topic without dlq headers', async () => {
    await produceMessages(dlq, [
      {
        key: 'AB-123',
        value: { chargeId: 'c-1' },
        headers: {
          [HEADERS.eventId]: 'e-1',
          [DLQ_HEADERS.reason]: 'gateway refused: invalid card',
          [DLQ_HEADERS.errorClass]: 'unwritable',
          [DLQ_HEADERS.originalTopic]: original,
        },
      },
      { key: 'ZZ-999', value: 'no origin', headers: { [DLQ_HEADERS.reason]: 'unparseable' } },
    ]);

    const letters = await readDeadLetters(testKafka(), dlq);
    expect(letters.map((l) => [l.key, l.headers[DLQ_HEADERS.reason]])).toEqual([
      ['AB-123', 'gateway refused: invalid card'],
      ['ZZ-999', 'unparseable'],
    ]);

    const producer = new EventProducer(testKafka());
    await producer.connect();
    try {
      const dry = await replayDeadLetters(producer, letters, { dryRun: true });
      expect(dry.map((o) => o.status)).toEqual(['would-replay', 'skipped']);
      const done = await replayDeadLetters(producer, letters);
      expect(done.map((o) => [o.status, o.target])).toEqual([
        ['replayed', original],
        ['skipped', undefined],
      ]);
    } finally {
      await producer.disconnect();
    }

    const [back] = await waitForMessages(original, 1);
    expect(back.key).toBe('AB-123');
    expect(JSON.parse(back.value!)).toEqual({ chargeId: 'c-1' });
    expect(back.headers[HEADERS.eventId]).toBe('e-1');
    expect(Object.keys(back.headers).filter((h) => h.startsWith('dlq-'))).toEqual([]);
  });
});
