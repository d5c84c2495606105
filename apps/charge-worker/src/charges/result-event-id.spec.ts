import { z } from 'zod';
import { resultEventId } from './result-event-id';

describe('resultEventId', () => {
  const chargeId = '6f1c1b9e-6a4e-4f57-9c39-3f0f5d7b2a11';

  it('is stable per charge and outcome, and a valid UUID', () => {
    expect(resultEventId(chargeId, 'SETTLED')).toBe(resultEventId(chargeId, 'SETTLED'));
    expect(resultEventId(chargeId, 'SETTLED')).not.toBe(resultEventId(chargeId, 'FAILED'));
    expect(z.uuid().safeParse(resultEventId(chargeId, 'SETTLED')).success).toBe(true);
  });
});
