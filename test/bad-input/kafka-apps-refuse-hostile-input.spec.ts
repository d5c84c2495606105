import { badInputWorld } from './support/bad-input-world';
import { commonRouteTable } from './support/common-routes';
import { expectRawRefusal, expectRefusal } from './support/expect-refusal';
import { HostileCase } from './support/hostile-cases';
import { rawCases } from './support/raw-cases';
import { KafkaApps, startGateway } from './support/start-apps';

jest.setTimeout(300_000);

/**
 * outbox-relay, charge-worker and db-sink take no input over HTTP, but serve
 * health, metrics, docs (and the worker its group view): the same refusals.
 */
describe('outbox-relay, charge-worker and db-sink refuse hostile input (404/405/400, the project error shape, nothing written)', () => {
  const apps = new KafkaApps();
  const world = badInputWorld(async (w) => {
    const gateway = w.track(await startGateway(w.db.url));
    w.onStop(() => apps.stop());
    await apps.start(w.db.url, gateway.url);
  });

  const table = (app: 'relay' | 'worker' | 'sink', extra: string[] = []) =>
    commonRouteTable(extra).map(([name, c]): [string, 'relay' | 'worker' | 'sink', HostileCase] => [
      `${app}: ${name}`,
      app,
      c,
    ]);

  it.each([...table('relay'), ...table('worker', ['/group']), ...table('sink')])(
    '%s',
    async (_name, app, c) => {
      await expectRefusal(apps[app]!.url, c, world.rows);
    },
  );

  it.each(
    (['relay', 'worker', 'sink'] as const).flatMap((app) =>
      rawCases('/health/live').map((c) => [`${app}: ${c.name}`, app, c] as const),
    ),
  )('below HTTP: %s', async (_name, app, c) => {
    await expectRawRefusal(apps[app]!.url, c);
  });
});
