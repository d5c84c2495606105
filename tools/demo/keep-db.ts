/**
 * `--keep-db` keeps the demo's database for inspection. An embedded Postgres
 * is deleted with its data when the demo stops, so keeping a database in it
 * would print the URL of something that no longer exists: refuse instead.
 */
export function refuseKeepDbOnEmbeddedPostgres(
  keepDb: boolean,
  postgres: { embedded: boolean },
): void {
  if (keepDb && postgres.embedded) {
    throw new Error(
      '--keep-db needs a Postgres that outlives the demo: the embedded one started here is removed ' +
        'when the demo stops. Set DATABASE_URL to a running server (the database is kept there).',
    );
  }
}
