import { TollCharge, TollExit } from '@paystream/db';

/** What GET /toll/charges returns for one charge (no card token: it is not the caller's business). */
export interface ChargeView {
  chargeId: string;
  status: string;
  plate: string;
  fee: { amountMinor: number; currency: string };
  attempts: number;
  lastError: string | null;
  declineCode: string | null;
  gatewayChargeId: string | null;
  settledAt: string | null;
  exit: {
    exitId: string;
    plazaId: string;
    laneId: string;
    entryPlazaId: string | null;
    vehicleClass: string;
    exitedAt: string;
  };
  createdAt: string;
  updatedAt: string;
}

export function toChargeView(charge: TollCharge & { exit: TollExit }): ChargeView {
  return {
    chargeId: charge.id,
    status: charge.status,
    plate: charge.plate,
    fee: { amountMinor: charge.amountMinor, currency: charge.currency },
    attempts: charge.attempts,
    lastError: charge.lastError,
    declineCode: charge.declineCode,
    gatewayChargeId: charge.gatewayChargeId,
    settledAt: charge.settledAt?.toISOString() ?? null,
    exit: {
      exitId: charge.exit.id,
      plazaId: charge.exit.plazaId,
      laneId: charge.exit.laneId,
      entryPlazaId: charge.exit.entryPlazaId,
      vehicleClass: charge.exit.vehicleClass,
      exitedAt: charge.exit.exitedAt.toISOString(),
    },
    createdAt: charge.createdAt.toISOString(),
    updatedAt: charge.updatedAt.toISOString(),
  };
}
