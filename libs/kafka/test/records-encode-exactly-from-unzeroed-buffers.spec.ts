import { EventProducer } from '@paystream/kafka';
import {
  createTopic,
  deleteTopic,
  randomName,
  testKafka,
  waitForMessages,
} from '@paystream/testing';

// KafkaJS's record encoder (no public type), as patches/kafkajs+2.2.4.patch leaves it.
interface RecordInput {
  offsetDelta: number;
  timestampDelta: number;
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers: Record<string, string | Buffer | (string | Buffer)[]>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (
  record: RecordInput,
) => { buffer: Buffer };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Encoder = require('kafkajs/src/protocol/encoder') as {
  new (): { writeVarLong(value: number | string): { buffer: Buffer } };
  sizeOfVarLong(v: number | string): number;
};

/** Kafka's zig-zag varint (record format v2), written out here independently of KafkaJS. */
function varint(value: number | bigint): number[] {
  let zigzag = (BigInt(value) << 1n) ^ (BigInt(value) < 0n ? -1n : 0n);
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number((zigzag & 0x7fn) | 0x80n));
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return bytes;
}

function sized(data: string | Buffer | null): number[] {
  if (data === null) return varint(-1);
  const bytes = [...(Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'))];
  return [...varint(bytes.length), ...bytes];
}

/** One record as the Kafka protocol guide lays it out (length, attributes, deltas, key, value, headers). */
function referenceRecord(record: RecordInput): Buffer {
  const headers = Object.entries(record.headers).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => [...sized(key), ...sized(v)]),
  );
  const body = [
    0,
    ...varint(record.timestampDelta),
    ...varint(record.offsetDelta),
    ...sized(record.key),
    ...sized(record.value),
    ...varint(headers.length),
    ...headers.flat(),
  ];
  return Buffer.from([...varint(body.length), ...body]);
}

/** Small buffers come from Node's shared pool: fill what it hands out next with one byte value. */
function dirtyThePool(byte: number): void {
  for (let i = 0; i < 64; i += 1) Buffer.allocUnsafe(512).fill(byte);
}

const samples: RecordInput[] = Array.from({ length: 40 }, (_, i): RecordInput => {
  const text = 'é✓x'.repeat((i * 37) % 300);
  return {
    offsetDelta: i * 997,
    // Deltas of every varint length, and below zero (a message stamped before the batch's first).
    timestampDelta: i % 5 === 4 ? -(i ** 7) : i ** 7,
    key: i % 9 === 0 ? null : `plate-${i}-${text}`,
    value: i % 13 === 0 ? null : Buffer.from(JSON.stringify({ i, text })),
    headers:
      i % 4 === 0
        ? {}
        : { 'event-type': 'TollChargeRequested', many: ['1', text, Buffer.from([i, 0, 255])] },
  };
});

/**
 * patches/kafkajs+2.2.4.patch makes KafkaJS encode records into unzeroed
 * (pooled) memory, one buffer per record with its headers written in place;
 * zero-filling a fresh 512-byte buffer per record and per header was the
 * producer's largest cost (docs/benchmarks.md). Unzeroed memory is safe only
 * if every byte sent was written: these checks hold the bytes to the record
 * format written out above, whatever the pool held before, and send them
 * through the broker.
 */
describe('records encode exactly from unzeroed buffers (patches/kafkajs+2.2.4.patch)', () => {
  it('every record is byte for byte the format, whatever garbage the buffer pool held', () => {
    for (const [index, record] of samples.entries()) {
      dirtyThePool(index % 2 === 0 ? 0xee : 0x11);
      expect(encodeRecord(record).buffer.equals(referenceRecord(record))).toBe(true);
    }
  });

  it('encodes with no zero-filled allocation, and writes every number in place (no buffer of its own)', () => {
    const alloc = jest.spyOn(Buffer, 'alloc');
    const from = jest.spyOn(Buffer, 'from');
    try {
      for (const record of samples) encodeRecord(record);
      expect(alloc).not.toHaveBeenCalled();
      expect(from).not.toHaveBeenCalled();
    } finally {
      alloc.mockRestore();
      from.mockRestore();
    }
  });

  it('encodes and sizes a timestamp delta as the format does, on either side of the arithmetic shortcut', () => {
    const edges = [
      0,
      1,
      -1,
      63,
      -64,
      64,
      -65,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 52 - 1,
      -(2 ** 52) + 1,
    ];
    // 2^52 and beyond take KafkaJS's own 64-bit path (given as text, as its Long accepts them).
    const beyond = [2n ** 52n, -(2n ** 52n), 2n ** 62n + 5n, -(2n ** 63n)];
    for (const value of [...edges, ...beyond]) {
      const input = typeof value === 'bigint' ? value.toString() : value;
      const written = new Encoder().writeVarLong(input).buffer;
      expect([...written]).toEqual(varint(value));
      expect(Encoder.sizeOfVarLong(input)).toBe(written.length);
    }
  });

  it('the broker takes them (it checks each batch CRC) and a consumer reads back every key, value and header', async () => {
    const kafka = testKafka();
    const topic = randomName('encoding');
    const producer = new EventProducer(kafka);
    await createTopic(topic, { partitions: 1 });
    try {
      await producer.connect();
      dirtyThePool(0xee);
      const sent = samples
        .filter((s) => s.key !== null && s.value !== null)
        .map((s, i) => ({
          key: s.key as string,
          value: { i, text: JSON.parse(String(s.value)).text as string },
          headers: { 'event-type': 'TollChargeRequested', 'sample-no': String(i) },
        }));
      await producer.send(topic, sent);
      const read = await waitForMessages(topic, sent.length);
      expect(
        read.map((r) => ({ key: r.key, value: JSON.parse(r.value as string), headers: r.headers })),
      ).toEqual(
        sent.map((s) => ({
          key: s.key,
          value: s.value,
          headers: expect.objectContaining(s.headers),
        })),
      );
    } finally {
      await producer.disconnect();
      await deleteTopic(topic);
    }
  }, 60_000);
});
