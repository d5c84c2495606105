import { retryJobId } from './charge-retry-job';

describe('retryJobId', () => {
  const chargeId = '6f1c1b9e-6a4e-4f57-9c39-3f0f5d7b2a11';

  it('names a real attempt by its number, as stored by earlier versions', () => {
    expect(retryJobId(chargeId, 3)).toBe(`${chargeId}-attempt-3`);
    expect(retryJobId(chargeId, 3, 0)).toBe(`${chargeId}-attempt-3`);
  });

  it('gives each 409 wait of an attempt its own id (the job asking again must not collide with the one running)', () => {
    const ids = [
      retryJobId(chargeId, 3),
      retryJobId(chargeId, 3, 1),
      retryJobId(chargeId, 3, 2),
      retryJobId(chargeId, 4),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    // BullMQ forbids ':' in custom ids.
    for (const id of ids) expect(id).not.toContain(':');
  });
});
