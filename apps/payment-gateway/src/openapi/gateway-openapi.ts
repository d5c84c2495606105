/** Title and description of /docs (shared by main.ts and tests that boot the app in-process). */
export const GATEWAY_OPENAPI = {
  title: 'Paystream payment gateway (simulator)',
  description:
    'Stand-in card acquirer: outcome by card token, Stripe-style idempotency keys, voids, and run-time fault controls (/admin/faults).',
};
