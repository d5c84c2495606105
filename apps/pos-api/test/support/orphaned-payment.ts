import { randomName } from '@paystream/testing';
import type { PosPaymentMode, PosPaymentStatus } from '@paystream/db';
import { TillHarness } from './till-harness';

/**
 * A payment row as a till process that died leaves it (written straight to
 * the database): only the sweeper, or a re-run queue job, can move it on.
 */
export async function orphanedPayment(
  h: TillHarness,
  options: {
    id?: string;
    status: PosPaymentStatus;
    mode?: PosPaymentMode;
    deadlineAt: Date;
    createdAt?: Date;
    withAttempt?: boolean;
  },
): Promise<string> {
  const payment = await h.prisma.posPayment.create({
    data: {
      ...(options.id ? { id: options.id } : {}),
      idempotencyKey: randomName('k'),
      requestHash: 'h'.repeat(64),
      storeId: 'store-1',
      terminalId: 'till-7',
      amountMinor: 1999,
      currency: 'EUR',
      cardToken: 'tok_visa',
      mode: options.mode ?? 'sync',
      status: options.status,
      deadlineAt: options.deadlineAt,
      createdAt: options.createdAt ?? new Date(),
    },
  });
  // The attempt the dead process had started: the gateway may have been called.
  if (options.withAttempt)
    await h.prisma.posPaymentAttempt.create({ data: { paymentId: payment.id, attemptNo: 1 } });
  return payment.id;
}

/** Charges the gateway directly with a payment's key, as the dead process's request did. */
export async function chargeAtGateway(
  h: TillHarness,
  paymentId: string,
  cardToken = 'tok_visa',
): Promise<number> {
  const res = await fetch(`${h.gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `pos-${paymentId}` },
    body: JSON.stringify({ amount: 1999, currency: 'EUR', cardToken, reference: paymentId }),
  });
  return res.status;
}
