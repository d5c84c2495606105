import type { Prisma } from '@paystream/db';
import { NewOutboxEvent } from './new-outbox-event';

/** The part of a Prisma (transaction) client this needs (keeps callers' mocks small). */
export type OutboxWriter = Pick<Prisma.TransactionClient, 'outboxEvent'>;

/**
 * The insert of the outbox row, not yet run: a PrismaPromise, so it can go
 * into a batch `$transaction([...])` next to the business change, or be
 * awaited inside an interactive transaction. Either way both commit or
 * neither does, so an event is never lost and never published for a change
 * that was rolled back. The insert trigger notifies the relay at commit.
 */
export function outboxEventInsert(writer: OutboxWriter, event: NewOutboxEvent) {
  return writer.outboxEvent.create({
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
}
