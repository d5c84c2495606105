-- AlterEnum: a lookup that found nothing fences the key (no charge may ever use it)
ALTER TYPE "gateway_idempotency_state" ADD VALUE 'fenced';
