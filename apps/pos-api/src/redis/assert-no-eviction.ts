// The one shared check (charge-worker and dev/infra use it too).
export { assertNoEviction } from '@paystream/redis';
