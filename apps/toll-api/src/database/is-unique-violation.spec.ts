import { isUniqueViolation } from './is-unique-violation';

describe('telling a unique violation from other failures', () => {
  it("knows Prisma's P2002 and a raw statement's 23505 behind meta.driverAdapterError", () => {
    expect(isUniqueViolation({ code: 'P2002' })).toBe(true);
    const raw = {
      code: 'P2010',
      meta: {
        driverAdapterError: new Error('UniqueConstraintViolation', {
          cause: { originalCode: '23505', kind: 'UniqueConstraintViolation' },
        }),
      },
    };
    expect(isUniqueViolation(raw)).toBe(true);
    expect(
      isUniqueViolation({
        code: 'P2010',
        meta: { driverAdapterError: { kind: 'UniqueConstraintViolation' } },
      }),
    ).toBe(true);
  });

  it('is false for other query errors and connection failures', () => {
    expect(
      isUniqueViolation({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { originalCode: 'P0001' } } },
      }),
    ).toBe(false);
    expect(isUniqueViolation(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
