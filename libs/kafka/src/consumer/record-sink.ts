import { OutgoingRecord } from '../producer/outgoing-record';

/**
 * Where the consumer publishes dead letters. EventProducer (../producer)
 * satisfies it; kept as an interface so tests and apps can swap it.
 */
export interface RecordSink {
  send(topic: string, records: OutgoingRecord[]): Promise<unknown>;
}
