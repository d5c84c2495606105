import { Client } from 'pg';

/**
 * Makes one database unavailable the way an outage looks to a client: open
 * connections are cut and new ones are refused, while the server (and so the
 * data) stays as it was. `end()` makes it available again.
 */
export class DatabaseOutage {
  private active = false;

  /** @param adminUrl a URL on the same server but another database (the one we cut cannot be used to cut itself) */
  constructor(
    private readonly adminUrl: string,
    private readonly database: string,
  ) {}

  async begin(): Promise<void> {
    await this.withAdmin(async (admin) => {
      // Refuse new connections first, so nothing reconnects between the two steps.
      await admin.query(`ALTER DATABASE "${this.database}" ALLOW_CONNECTIONS false`);
      this.active = true;
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [this.database],
      );
    });
  }

  async end(): Promise<void> {
    if (!this.active) return;
    await this.withAdmin((admin) =>
      admin.query(`ALTER DATABASE "${this.database}" ALLOW_CONNECTIONS true`),
    );
    this.active = false;
  }

  private async withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
    const admin = new Client({ connectionString: this.adminUrl });
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.end();
    }
  }
}
