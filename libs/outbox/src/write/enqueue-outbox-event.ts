import type { Prisma } from '@paystream/db';
import { NewOutboxEvent } from './new-outbox-event';

/** The part of a Prisma transaction client this needs (keeps callers' mocks small). */
export type OutboxWriter = Pick<Prisma.TransactionClient, 'outboxEvent'>;

/**
 * Inserts the outbox row. Call it inside the transaction that makes the
 * business change: both commit or neither does, so an event is never lost
 * and never published for a change that was rolled back. The insert trigger
 * notifies the relay at commit.
 */
export async function enqueueOutboxEvent(tx: OutboxWriter, event: NewOutboxEvent): Promise<bigint> {
  const row = await tx.outboxEvent.create({
    data: {
      eventId: event.eventId,
      eventType: event.eventType,
      schemaVersion: event.schemaVersion,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      topic: event.topic,
      key: event.key,
      payload: event.payload as Prisma.InputJsonValue,
      headers: event.headers,
      occurredAt: event.occurredAt,
    },
    select: { id: true },
  });
  return row.id;
}
