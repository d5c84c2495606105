import { PartitionsNotAcknowledgedError } from './partitions-not-acknowledged.error';

/** An `onResend` hook that logs each resend as a warning (the partitions and the attempt). */
export function warnOnResend(
  warn: (context: { missing: readonly string[]; resend: number }, message: string) => void,
): (reason: PartitionsNotAcknowledgedError, resend: number) => void {
  return (reason, resend) =>
    warn(
      { missing: reason.missing, resend },
      'Kafka client reported success without acknowledging every partition; sending the records again',
    );
}
