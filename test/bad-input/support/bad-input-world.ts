import { AppProcess, createTestDatabase, TestDatabase } from '@paystream/testing';
import { RowCounter } from './row-counter';

/**
 * What a hostile-input suite runs against: a fresh migrated database, the
 * apps it starts on it, and a row counter over it (a refusal writes nothing).
 */
export class BadInputWorld {
  private database: TestDatabase | undefined;
  private counter: RowCounter | undefined;
  private readonly stops: Array<() => Promise<unknown>> = [];

  get db(): TestDatabase {
    if (!this.database) throw new Error('the database is made in beforeAll');
    return this.database;
  }

  get rows(): RowCounter {
    if (!this.counter) throw new Error('the row counter is opened in beforeAll');
    return this.counter;
  }

  /** An app stopped (SIGTERM) at the end of the suite; apps stop in the reverse order of their start. */
  track<A extends AppProcess>(app: A): A {
    this.onStop(() => app.kill('SIGTERM'));
    return app;
  }

  /** Something else to undo at the end (in reverse order with the apps), also when a later start failed. */
  onStop(stop: () => Promise<unknown>): void {
    this.stops.push(stop);
  }

  /** @internal beforeAll */
  async open(start: (world: BadInputWorld) => Promise<void>): Promise<void> {
    this.database = await createTestDatabase();
    await start(this);
    this.counter = await RowCounter.open(this.database.url);
  }

  /** @internal afterAll */
  async close(): Promise<void> {
    for (const stop of [...this.stops].reverse()) await stop();
    await this.counter?.close();
    await this.database?.drop();
  }
}

/** Registers the suite's beforeAll (database, `start`, row counter) and afterAll (stop all, drop). */
export function badInputWorld(start: (world: BadInputWorld) => Promise<void>): BadInputWorld {
  const world = new BadInputWorld();
  beforeAll(() => world.open(start));
  afterAll(() => world.close());
  return world;
}
