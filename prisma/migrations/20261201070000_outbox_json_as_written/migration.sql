-- The outbox keeps each event's JSON as its writer wrote it (json, not jsonb), and the relay
-- publishes that text as it is: the record on Kafka is byte for byte the JSON the service produced
-- (jsonb reorders keys and re-spaces them), and nobody parses it just to print it again. Nothing
-- queries inside a payload, so jsonb's binary form bought nothing here; it cost a parse on every
-- insert (the intake) and a print on every read (the relay).
ALTER TABLE "outbox_events"
    ALTER COLUMN "payload" TYPE JSON USING "payload"::json,
    ALTER COLUMN "headers" DROP DEFAULT,
    ALTER COLUMN "headers" TYPE JSON USING "headers"::json,
    ALTER COLUMN "headers" SET DEFAULT '{}';
