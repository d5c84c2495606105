import { DLQ_ERROR_CLASSES, DLQ_HEADERS } from '@paystream/contracts';
import { EventProducer, ManagedConsumer } from '@paystream/kafka';
import {
  createTopic,
  deleteTopic,
  produceMessages,
  randomName,
  testKafka,
  waitForMessages,
  waitUntil,
} from '@paystream/testing';
import { z } from 'zod';

const valueSchema = z.object({ n: z.number().int() }).strict();

describe('ManagedConsumer dead-lettering', () => {
  const topic = randomName('poison');
  const dlq = randomName('poison-dlq');
  const groupId = randomName('poison-group');
  const kafka = testKafka();
  const producer = new EventProducer(kafka);
  let consumer: ManagedConsumer<z.infer<typeof valueSchema>> | undefined;

  beforeAll(async () => {
    await createTopic(topic);
    await createTopic(dlq);
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await deleteTopic(topic, dlq);
  });

  it('sends unparseable and invalid records to the DLQ with headers and still handles the next ones (value-only delivery)', async () => {
    await produceMessages(topic, [
      { key: 'k', value: 'not json {', headers: { 'event-id': 'poison-1' } },
      { key: 'k', value: { n: 'one' } },
      { key: 'k', value: { n: 3 } },
    ]);
    const handled: number[] = [];
    consumer = new ManagedConsumer({
      kafka,
      groupId,
      topic,
      schema: valueSchema,
      deadLetters: { topic: dlq, sink: producer },
      delivery: { deliver: 'value', handle: async (value) => void handled.push(value.n) },
    });
    await consumer.start();
    await waitUntil(() => handled.length === 1, {
      description: 'the valid record after the poison ones',
    });
    expect(handled).toEqual([3]);

    const letters = await waitForMessages(dlq, 2);
    expect(letters.map((l) => l.headers[DLQ_HEADERS.errorClass])).toEqual([
      DLQ_ERROR_CLASSES.unparseable,
      DLQ_ERROR_CLASSES.schemaInvalid,
    ]);
    expect(letters[0]).toMatchObject({ key: 'k', value: 'not json {' });
    expect(letters[0].headers).toMatchObject({
      'event-id': 'poison-1',
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.originalPartition]: '0',
      [DLQ_HEADERS.originalOffset]: '0',
      [DLQ_HEADERS.consumerGroup]: groupId,
      [DLQ_HEADERS.attempts]: '1',
    });
    expect(letters[1].headers[DLQ_HEADERS.originalOffset]).toBe('1');
    expect(letters[1].headers[DLQ_HEADERS.reason]).toContain('n:');
  });
});
