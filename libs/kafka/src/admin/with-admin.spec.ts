import { Admin, Kafka } from 'kafkajs';
import { withAdmin } from './with-admin';

function fakeKafka(calls: string[]): Kafka {
  const admin = {
    connect: async () => void calls.push('connect'),
    disconnect: async () => void calls.push('disconnect'),
  } as unknown as Admin;
  return { admin: () => admin } as unknown as Kafka;
}

describe('withAdmin', () => {
  it('connects, runs, disconnects and returns what the function returned', async () => {
    const calls: string[] = [];
    const result = await withAdmin(fakeKafka(calls), async () => {
      calls.push('run');
      return 42;
    });
    expect(result).toBe(42);
    expect(calls).toEqual(['connect', 'run', 'disconnect']);
  });

  it('disconnects when the function throws, and the error reaches the caller', async () => {
    const calls: string[] = [];
    await expect(
      withAdmin(fakeKafka(calls), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toEqual(['connect', 'disconnect']);
  });
});
