// The one shared check (charge-worker and libs/infra use it too).
export { assertNoEviction } from '@paystream/redis';
