import { z } from 'zod';
import { resultEventId } from '../charges/result-event-id';
import { redriveEventId } from './redrive-event-id';

describe('redriveEventId', () => {
  const chargeId = '6f1c1b9e-6a4e-4f57-9c39-3f0f5d7b2a11';

  it('is the same for every re-drive of a charge, differs per charge and from result ids, and is a valid UUID', () => {
    expect(redriveEventId(chargeId)).toBe(redriveEventId(chargeId));
    expect(redriveEventId(chargeId)).not.toBe(
      redriveEventId('0b7f0f4e-2a0c-4c8e-9d6a-5b1f3e2d4c11'),
    );
    expect(redriveEventId(chargeId)).not.toBe(resultEventId(chargeId, 'SETTLED'));
    expect(z.uuid().safeParse(redriveEventId(chargeId)).success).toBe(true);
  });
});
