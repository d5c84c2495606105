import { refuseKeepDbOnEmbeddedPostgres } from './keep-db';

describe('--keep-db', () => {
  it('is refused when the demo runs its own embedded Postgres', () => {
    expect(() => refuseKeepDbOnEmbeddedPostgres(true, { embedded: true })).toThrow(/DATABASE_URL/);
  });

  it('is accepted on an existing server, and nothing is refused without the flag', () => {
    expect(() => refuseKeepDbOnEmbeddedPostgres(true, { embedded: false })).not.toThrow();
    expect(() => refuseKeepDbOnEmbeddedPostgres(false, { embedded: true })).not.toThrow();
  });
});
