-- A row the relay can never publish (unknown topic, too large) is held: left
-- out, with its key's later rows, until an operator releases or dead-letters it.
ALTER TABLE "outbox_events" ADD COLUMN "held_at" TIMESTAMPTZ(3);

-- The relay's "is there a held row of this key before this one?" check.
CREATE INDEX "outbox_events_held_key_idx" ON "outbox_events"("key", "id")
    WHERE "held_at" IS NOT NULL AND "published_at" IS NULL;
