/** A till payment carried over the queue (hybrid mode). The deadline travels with it. */
export interface PosPaymentJob {
  paymentId: string;
  /** epoch ms; the worker never calls the gateway after it */
  deadlineAt: number;
}

export interface PosPaymentJobResult {
  status: string;
}
