import { databaseRefusal } from './database-refusal';

/** The shape Prisma 7 + adapter-pg gives a failed raw query (seen against the real Postgres). */
function prismaError(cause: Record<string, unknown>) {
  return Object.assign(new Error('Raw query failed'), {
    code: 'P2010',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });
}

describe('databaseRefusal', () => {
  it('blames the data for data exceptions and constraint violations', () => {
    expect(
      databaseRefusal(
        prismaError({
          originalCode: '22P02',
          originalMessage: 'invalid input syntax for type uuid: "x"',
          kind: 'InvalidInputValue',
        }),
      ),
    ).toEqual({ sqlState: '22P02', message: 'invalid input syntax for type uuid: "x"' });
    expect(
      databaseRefusal(
        prismaError({
          originalCode: '22003',
          originalMessage: 'out of range',
          kind: 'ValueOutOfRange',
        }),
      )?.sqlState,
    ).toBe('22003');
    expect(
      databaseRefusal(
        prismaError({ kind: 'postgres', code: '23514', message: 'violates check constraint "c"' }),
      ),
    ).toEqual({
      sqlState: '23514',
      message: 'violates check constraint "c"',
    });
    expect(databaseRefusal(Object.assign(new Error('x'), { code: '22021' }))?.sqlState).toBe(
      '22021',
    );
  });

  it('never blames the data for an outage, a timeout, a lock conflict or an unknown error', () => {
    expect(
      databaseRefusal(prismaError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 })),
    ).toBeUndefined();
    expect(
      databaseRefusal(
        prismaError({
          kind: 'postgres',
          code: '57P01',
          message: 'terminating connection due to administrator command',
        }),
      ),
    ).toBeUndefined();
    expect(
      databaseRefusal(
        prismaError({ kind: 'postgres', code: '40001', message: 'could not serialize access' }),
      ),
    ).toBeUndefined();
    expect(
      databaseRefusal(
        prismaError({ kind: 'postgres', code: '08006', message: 'connection failure' }),
      ),
    ).toBeUndefined();
    expect(
      databaseRefusal(
        Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }),
      ),
    ).toBeUndefined();
    expect(databaseRefusal(new Error('boom'))).toBeUndefined();
    expect(databaseRefusal(undefined)).toBeUndefined();
  });
});
