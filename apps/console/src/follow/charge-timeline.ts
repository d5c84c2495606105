/** One step of a payment's life, as recorded by the system that did it. */
export interface TimelineStep {
  at: string | null;
  /** Which part of the system recorded it: toll-api, outbox, kafka, charge-worker, gateway, db-sink, pos-api. */
  where: string;
  what: string;
  detail?: Record<string, unknown>;
}

export interface Timeline {
  kind: 'toll' | 'till';
  /** The toll charge id or the till payment id. */
  id: string;
  status: string;
  steps: TimelineStep[];
}
