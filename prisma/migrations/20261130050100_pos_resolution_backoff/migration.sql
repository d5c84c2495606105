-- AlterTable: per-row back-off of the resolution sweeper (unresolvable rows no longer starve newer ones)
ALTER TABLE "pos_payments" ADD COLUMN "resolution_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "next_resolution_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "pos_payments_status_next_resolution_at_idx" ON "pos_payments"("status", "next_resolution_at");
