import { EventProducer, subscribeWhenKnown } from '@paystream/kafka';
import { createTopic, deleteTopic, randomName, testKafka, waitUntil } from '@paystream/testing';

jest.setTimeout(120_000);

// KafkaJS's internal request queue (no public type): the method the idle loop runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: { checkPendingRequests(): void };
};

const IDLE_MS = 2_000;
/**
 * Heartbeats and long-poll fetches complete a few requests a second. Unpatched
 * KafkaJS 2.2.4 checks its empty queue about every millisecond per connection
 * (thousands in IDLE_MS); patches/kafkajs+2.2.4.patch stops that.
 */
const MOST_CHECKS_WHEN_IDLE = 100;

describe('an idle KafkaJS client (patches/kafkajs+2.2.4.patch)', () => {
  const kafka = testKafka();
  const topic = randomName('idle');
  const consumer = kafka.consumer({ groupId: randomName('idle-group') });
  const producer = new EventProducer(kafka);

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await deleteTopic(topic);
  });

  it('does not poll its empty request queue while nothing happens', async () => {
    await createTopic(topic);
    let received = 0;
    await consumer.connect();
    await subscribeWhenKnown(consumer, { topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async () => {
        received += 1;
      },
    });
    // Every connection has carried requests: the producer's and the consumer's (group and fetch).
    await producer.send(topic, [{ key: 'k', value: { hello: 'idle' } }]);
    await waitUntil(() => received === 1, {
      timeoutMs: 60_000,
      description: 'the record consumed',
    });

    const checks = jest.spyOn(RequestQueue.prototype, 'checkPendingRequests');
    try {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      expect(checks.mock.calls.length).toBeLessThan(MOST_CHECKS_WHEN_IDLE);
    } finally {
      checks.mockRestore();
    }
  });
});
