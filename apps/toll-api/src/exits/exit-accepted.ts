import { TollChargeStatus } from '@paystream/db';
import { Fee } from '../tariffs/tariffs.service';

/** 202 body: the barrier opens now; the money follows asynchronously. */
export interface ExitAccepted {
  chargeId: string;
  exitId: string;
  status: TollChargeStatus;
  barrier: 'OPEN';
  fee: Fee;
}
