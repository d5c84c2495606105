-- Fencing token of the outbox relay: the relay that takes the advisory lock
-- bumps the epoch; marks are conditional on the epoch the relay got, so an
-- old relay (frozen, then continued) can mark nothing after a takeover.
CREATE TABLE "outbox_relay_fences" (
    "lock_key" BIGINT NOT NULL,
    "epoch" BIGINT NOT NULL,
    "holder" TEXT NOT NULL,
    "acquired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_relay_fences_pkey" PRIMARY KEY ("lock_key")
);
