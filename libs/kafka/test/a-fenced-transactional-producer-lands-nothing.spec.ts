import { EventProducer, ProducerFencedError, readToEnd } from '@paystream/kafka';
import { createTopic, deleteTopic, randomName, testKafka, waitUntil } from '@paystream/testing';
import { Kafka, logLevel } from 'kafkajs';
import { API_KEYS, WriteGate } from './support/held-socket';

jest.setTimeout(120_000);

const BROKERS = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

const records = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `plate-${i % 5}`, value: `${prefix}-${i}` }));

async function topicValues(topic: string): Promise<string[]> {
  const values: string[] = [];
  await readToEnd(testKafka(), [topic], ({ message }) => {
    values.push(message.value?.toString() ?? '');
  });
  return values;
}

/**
 * The outbox relay's takeover in Kafka terms: producer A (the old relay) was
 * frozen after it decided to send, B (its successor) connected with the same
 * transactional id and published; then A's bytes go out. Whatever A had on
 * the wire must land nowhere a read_committed consumer can see it.
 */
describe('a transactional EventProducer replaced by a successor with the same id', () => {
  const topics: string[] = [];
  const producers: EventProducer[] = [];
  let gate: WriteGate;
  let gatedKafka: Kafka;

  beforeEach(() => {
    gate = new WriteGate();
    gatedKafka = new Kafka({
      clientId: randomName('held'),
      brokers: BROKERS,
      logLevel: logLevel.NOTHING,
      socketFactory: gate.socketFactory,
    });
  });

  afterEach(async () => {
    gate.release();
    await Promise.all(producers.splice(0).map((p) => p.disconnect().catch(() => undefined)));
  });

  afterAll(() => deleteTopic(...topics));

  async function scenario(options: { transactionalId?: string; holdFrom: number[] }) {
    const topic = randomName('fenced-producer');
    topics.push(topic);
    await createTopic(topic, { partitions: 3 });
    const a = new EventProducer(gatedKafka, { transactionalId: options.transactionalId });
    const b = new EventProducer(testKafka(), { transactionalId: options.transactionalId });
    producers.push(a, b);
    await a.send(topic, records('a-before', 5));

    gate.holdFrom(...options.holdFrom);
    const late = a.send(topic, records('a-late', 20));
    late.catch(() => undefined);
    await waitUntil(() => gate.heldWrites > 0, { description: 'A frozen mid-send' });
    await b.send(topic, records('b', 10));
    gate.release();
    const outcome = await late.then(
      () => 'landed' as const,
      (error: unknown) => error,
    );
    // B carries on undisturbed.
    await b.send(topic, records('b-after', 5));
    return { outcome, values: await topicValues(topic) };
  }

  const expectOnlyTheSuccessor = (values: string[]) => {
    expect(values.filter((v) => v.startsWith('a-late'))).toEqual([]);
    expect(values.filter((v) => v.startsWith('a-before'))).toHaveLength(5);
    expect(values.filter((v) => /^b-\d/.test(v))).toHaveLength(10);
    expect(values.filter((v) => v.startsWith('b-after'))).toHaveLength(5);
  };

  it('a send held before it reached the broker is refused (ProducerFencedError)', async () => {
    const { outcome, values } = await scenario({
      transactionalId: randomName('tx'),
      holdFrom: [API_KEYS.addPartitionsToTxn, API_KEYS.produce],
    });
    expect(outcome).toBeInstanceOf(ProducerFencedError);
    expectOnlyTheSuccessor(values);
  });

  it('records written but not yet committed are aborted by the successor', async () => {
    const { outcome, values } = await scenario({
      transactionalId: randomName('tx'),
      holdFrom: [API_KEYS.endTxn],
    });
    expect(outcome).toBeInstanceOf(ProducerFencedError);
    expectOnlyTheSuccessor(values);
  });

  it('without a transactional id the same held send lands after the successor (the hazard)', async () => {
    const { outcome, values } = await scenario({ holdFrom: [API_KEYS.produce] });
    expect(outcome).toBe('landed');
    expect(values.filter((v) => v.startsWith('a-late'))).toHaveLength(20);
  });
});
