// The one shared error (thrown by @paystream/redis's assertNoEviction).
export { EvictionPolicyError } from '@paystream/redis';
