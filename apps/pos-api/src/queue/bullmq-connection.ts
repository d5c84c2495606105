// BullMQ wants its own connections (workers and QueueEvents block on them): the shared factory.
export { bullmqConnection } from '@paystream/redis';
