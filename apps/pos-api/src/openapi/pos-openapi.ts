/** Title and description of /docs (shared by main.ts and tests that boot the app in-process). */
export const POS_OPENAPI = {
  title: 'Paystream till (pos-api)',
  description:
    'The supermarket till: a synchronous card payment within a deadline, behind a circuit breaker, idempotent, ' +
    'with reversal of late approvals; optionally carried over a queue (hybrid mode).',
};
