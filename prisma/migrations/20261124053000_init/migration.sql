-- CreateEnum
CREATE TYPE "gateway_charge_status" AS ENUM ('approved', 'declined', 'voided');

-- CreateEnum
CREATE TYPE "gateway_idempotency_state" AS ENUM ('in_flight', 'completed');

-- CreateEnum
CREATE TYPE "pos_payment_mode" AS ENUM ('sync', 'queue');

-- CreateEnum
CREATE TYPE "pos_payment_status" AS ENUM ('pending', 'approved', 'declined', 'gateway_unavailable', 'timed_out', 'reversed', 'failed');

-- CreateEnum
CREATE TYPE "pos_payment_resolution" AS ENUM ('charge_not_found', 'voided_late_approval', 'confirmed_declined', 'late_reply_discarded');

-- CreateEnum
CREATE TYPE "pos_attempt_outcome" AS ENUM ('approved', 'declined', 'timeout', 'unreachable', 'gateway_error', 'circuit_open');

-- CreateEnum
CREATE TYPE "toll_charge_status" AS ENUM ('PENDING', 'SETTLED', 'DECLINED', 'FAILED');

-- CreateTable
CREATE TABLE "gateway_charges" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "idempotency_key" TEXT NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "card_token" TEXT NOT NULL,
    "reference" TEXT,
    "metadata" JSONB,
    "status" "gateway_charge_status" NOT NULL,
    "decline_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voided_at" TIMESTAMPTZ(3),

    CONSTRAINT "gateway_charges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gateway_idempotency_keys" (
    "key" TEXT NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "state" "gateway_idempotency_state" NOT NULL DEFAULT 'in_flight',
    "response_status" INTEGER,
    "response_body" JSONB,
    "locked_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gateway_idempotency_keys_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "pos_payments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "idempotency_key" TEXT NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "store_id" TEXT NOT NULL,
    "terminal_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "card_token" TEXT NOT NULL,
    "mode" "pos_payment_mode" NOT NULL DEFAULT 'sync',
    "status" "pos_payment_status" NOT NULL DEFAULT 'pending',
    "resolution" "pos_payment_resolution",
    "decline_code" TEXT,
    "gateway_charge_id" UUID,
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pos_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pos_payment_attempts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "payment_id" UUID NOT NULL,
    "attempt_no" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "pos_attempt_outcome",
    "http_status" INTEGER,
    "error_message" TEXT,
    "latency_ms" INTEGER,

    CONSTRAINT "pos_payment_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sales" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "payment_id" UUID NOT NULL,
    "store_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sales_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "toll_tariffs" (
    "id" SERIAL NOT NULL,
    "vehicle_class" TEXT NOT NULL,
    "entry_plaza_id" TEXT NOT NULL DEFAULT '*',
    "exit_plaza_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "toll_tariffs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "toll_exits" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "idempotency_key" TEXT NOT NULL,
    "plaza_id" TEXT NOT NULL,
    "lane_id" TEXT NOT NULL,
    "plate" TEXT NOT NULL,
    "vehicle_class" TEXT NOT NULL,
    "entry_plaza_id" TEXT,
    "exited_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "toll_exits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "toll_charges" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "exit_id" UUID NOT NULL,
    "plate" TEXT NOT NULL,
    "card_token" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "toll_charge_status" NOT NULL DEFAULT 'PENDING',
    "status_rank" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "decline_code" TEXT,
    "gateway_charge_id" UUID,
    "settled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "toll_charges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "schema_version" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "publish_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "event_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "kafka_partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "charge_id" UUID NOT NULL,
    "outcome" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "gateway_charges_idempotency_key_key" ON "gateway_charges"("idempotency_key");

-- CreateIndex
CREATE INDEX "gateway_charges_created_at_idx" ON "gateway_charges"("created_at");

-- CreateIndex
CREATE INDEX "gateway_idempotency_keys_expires_at_idx" ON "gateway_idempotency_keys"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "pos_payments_idempotency_key_key" ON "pos_payments"("idempotency_key");

-- CreateIndex
CREATE INDEX "pos_payments_status_created_at_idx" ON "pos_payments"("status", "created_at");

-- CreateIndex
CREATE INDEX "pos_payments_store_id_created_at_idx" ON "pos_payments"("store_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "pos_payment_attempts_payment_id_attempt_no_key" ON "pos_payment_attempts"("payment_id", "attempt_no");

-- CreateIndex
CREATE UNIQUE INDEX "sales_payment_id_key" ON "sales"("payment_id");

-- CreateIndex
CREATE INDEX "sales_store_id_created_at_idx" ON "sales"("store_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "toll_tariffs_vehicle_class_entry_plaza_id_exit_plaza_id_key" ON "toll_tariffs"("vehicle_class", "entry_plaza_id", "exit_plaza_id");

-- CreateIndex
CREATE UNIQUE INDEX "toll_exits_idempotency_key_key" ON "toll_exits"("idempotency_key");

-- CreateIndex
CREATE INDEX "toll_exits_plate_exited_at_idx" ON "toll_exits"("plate", "exited_at");

-- CreateIndex
CREATE UNIQUE INDEX "toll_charges_exit_id_key" ON "toll_charges"("exit_id");

-- CreateIndex
CREATE INDEX "toll_charges_status_created_at_idx" ON "toll_charges"("status", "created_at");

-- CreateIndex
CREATE INDEX "toll_charges_plate_created_at_idx" ON "toll_charges"("plate", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_events_event_id_key" ON "outbox_events"("event_id");

-- CreateIndex
CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events"("id") WHERE published_at IS NULL;

-- CreateIndex
CREATE INDEX "outbox_events_aggregate_type_aggregate_id_idx" ON "outbox_events"("aggregate_type", "aggregate_id");

-- CreateIndex
CREATE INDEX "processed_events_charge_id_idx" ON "processed_events"("charge_id");

-- AddForeignKey
ALTER TABLE "pos_payment_attempts" ADD CONSTRAINT "pos_payment_attempts_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "pos_payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sales" ADD CONSTRAINT "sales_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "pos_payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "toll_charges" ADD CONSTRAINT "toll_charges_exit_id_fkey" FOREIGN KEY ("exit_id") REFERENCES "toll_exits"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-added (not expressible in schema.prisma; Prisma's diff neither creates
-- nor drops CHECK constraints, functions or triggers).
-- ---------------------------------------------------------------------------

-- Money: a positive integer amount of minor units and an ISO 4217 code.
ALTER TABLE "gateway_charges" ADD CONSTRAINT "gateway_charges_amount_minor_check" CHECK ("amount_minor" > 0);
ALTER TABLE "gateway_charges" ADD CONSTRAINT "gateway_charges_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "pos_payments" ADD CONSTRAINT "pos_payments_amount_minor_check" CHECK ("amount_minor" > 0);
ALTER TABLE "pos_payments" ADD CONSTRAINT "pos_payments_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "sales" ADD CONSTRAINT "sales_amount_minor_check" CHECK ("amount_minor" > 0);
ALTER TABLE "sales" ADD CONSTRAINT "sales_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "toll_tariffs" ADD CONSTRAINT "toll_tariffs_amount_minor_check" CHECK ("amount_minor" >= 0);
ALTER TABLE "toll_tariffs" ADD CONSTRAINT "toll_tariffs_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "toll_charges" ADD CONSTRAINT "toll_charges_amount_minor_check" CHECK ("amount_minor" > 0);
ALTER TABLE "toll_charges" ADD CONSTRAINT "toll_charges_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "toll_charges" ADD CONSTRAINT "toll_charges_attempts_check" CHECK ("attempts" >= 0);

-- Outbox wake-up: every insert notifies channel 'outbox_events' with the row's
-- id. Postgres delivers NOTIFY at commit (never for a rolled-back insert), so a
-- relay that LISTENs wakes as soon as the row is visible; it still polls as a
-- fallback, because notifications are not stored for absent listeners.
CREATE FUNCTION "outbox_events_notify"() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_events', NEW."id"::text);
    RETURN NEW;
END;
$$;

CREATE TRIGGER "outbox_events_notify_after_insert"
    AFTER INSERT ON "outbox_events"
    FOR EACH ROW EXECUTE FUNCTION "outbox_events_notify"();
