/**
 * npm start [-- --brokers 3] [--traffic] [--keep-data DIR]
 *
 * The whole system for hands-on use: infrastructure, migrations, topics and
 * the six apps, with their URLs and curl lines printed; in the foreground
 * until Ctrl-C. The same launcher as the demo (tools/demo/system.ts), laid
 * out on the apps' usual ports when they are free.
 */
import 'reflect-metadata';
import { whenOrphaned } from '@paystream/dev-infra';
import { AppProcess } from '@paystream/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DemoOptions } from '../demo/demo-options';
import { payAtTill } from '../demo/load/till-traffic';
import { exitAtToll, Route } from '../demo/load/toll-traffic';
import { RateLoop } from '../demo/load/rate-loop';
import { PhaseStats } from '../demo/stats/phase-stats';
import { startConsoleFor } from '../demo/console-process';
import { DemoSystem, startDemoSystem } from '../demo/system';
import { keptKafkaDir, openKeptDatabase } from './kept-data';
import { parseStartOptions, START_HELP, StartOptions } from './start-options';
import { renderAppTable, renderCurlLines } from './start-table';
import { startSupervisor, SupervisedSystem } from './supervisor';

/** The apps' own default ports (their config schemas), used when free. */
const USUAL_PORTS: Record<string, number> = {
  'payment-gateway': 4000,
  'pos-api': 4100,
  'toll-api': 3200,
  'outbox-relay': 3300,
  'charge-worker': 3400,
  'db-sink': 3500,
};
const REQUEST_TIMEOUT_MS = 10_000;
const TRAFFIC_REPORT_EVERY_MS = 10_000;

const t0 = Date.now();
const log = (line: string) =>
  process.stdout.write(`[start ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

let stopSystem: (() => Promise<void>) | undefined;
const stopTraffic: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (stopping) process.exit(exitCode);
  stopping = true;
  log('Stopping everything npm start started…');
  for (const stop of stopTraffic) await stop().catch(() => undefined);
  await stopSystem?.().catch(() => undefined);
  log('Stopped.');
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    void stopAll(0);
  });
}
// npm does not pass SIGTERM on to the script: a parent that went away means stop.
whenOrphaned(() => void stopAll(0));

function asDemoOptions(o: StartOptions): DemoOptions {
  return {
    quick: false,
    brokers: o.brokers,
    phaseSeconds: 0,
    tillRate: o.tillRate,
    tollRate: o.tollRate,
    partitions: o.partitions,
    workers: o.workers,
    external: false,
    resultsDir: '',
    keepDb: o.keepData !== undefined,
    // npm start runs the console itself, with its supervisor.
    console: false,
    drainTimeoutSeconds: 0,
    urls: { gateway: '', pos: '', toll: '', worker: '' },
    adminToken: '',
  };
}

async function startTraffic(
  system: DemoSystem,
  options: StartOptions,
  runId: string,
): Promise<void> {
  const pool = new Pool({ connectionString: system.databaseUrl, max: 1 });
  const { rows } = await pool.query<{
    vehicle_class: string;
    entry_plaza_id: string;
    exit_plaza_id: string;
  }>('SELECT vehicle_class, entry_plaza_id, exit_plaza_id FROM toll_tariffs ORDER BY id');
  await pool.end();
  const routes: Route[] = rows.map((r) => ({
    vehicleClass: r.vehicle_class,
    entryPlazaId: r.entry_plaza_id === '*' ? null : r.entry_plaza_id,
    exitPlazaId: r.exit_plaza_id,
  }));
  let stats = new PhaseStats('traffic', 'steady traffic');
  const till = new RateLoop({
    ratePerSecond: options.tillRate,
    maxInFlight: 50,
    fire: (n) => payAtTill(system.urls.pos, runId, n, () => stats, REQUEST_TIMEOUT_MS),
  });
  const toll = new RateLoop({
    ratePerSecond: options.tollRate,
    maxInFlight: 50,
    fire: (n) => exitAtToll(system.urls.toll, runId, n, routes, () => stats, REQUEST_TIMEOUT_MS),
  });
  till.start();
  toll.start();
  const report = setInterval(() => {
    const r = stats.toJSON();
    const fmt = (o: Record<string, number>) =>
      Object.entries(o)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ') || '-';
    log(`traffic, last ${r.seconds}s: till ${fmt(r.till.outcomes)} · toll ${fmt(r.toll.outcomes)}`);
    stats = new PhaseStats('traffic', 'steady traffic');
  }, TRAFFIC_REPORT_EVERY_MS);
  stopTraffic.push(async () => {
    clearInterval(report);
    await Promise.all([till.stop(), toll.stop()]);
  });
  log(
    `Traffic: ${options.tillRate} till payments/s and ${options.tollRate} toll exits/s (a summary every 10 s)`,
  );
}

/** What the console's worker and broker controls do, on the processes npm start started. */
function supervisedSystem(system: DemoSystem): SupervisedSystem {
  return {
    addWorker: async () => {
      const worker = await system.addWorker();
      return { name: worker.options.env.KAFKA_CLIENT_ID ?? 'charge-worker', url: worker.url };
    },
    stopNewestWorker: async () => {
      // The first worker stays: stopping every member is a different lesson (lag grows, nothing is lost).
      if (system.workers.length <= 1) return null;
      const worker = system.workers[system.workers.length - 1];
      await system.stopApp(worker, 'SIGTERM');
      return { name: worker.options.env.KAFKA_CLIENT_ID ?? 'charge-worker' };
    },
    stopBroker: async (nodeId) => {
      await system.kafka!.stopBroker(nodeId, { signal: 'SIGKILL' });
    },
    startBroker: (nodeId) => system.kafka!.startBroker(nodeId),
    brokerIds: () => system.kafka!.nodes.map((n) => n.id),
  };
}

/** The console, with npm start's supervisor behind its worker and broker controls. */
async function startConsole(system: DemoSystem, supervisorUrl: string): Promise<AppProcess> {
  const proc = await startConsoleFor(system, supervisorUrl);
  stopTraffic.push(() => proc.kill('SIGTERM', 10_000).then(() => undefined));
  return proc;
}

async function main(): Promise<void> {
  let options: StartOptions | 'help';
  try {
    options = parseStartOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${START_HELP}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(START_HELP);
    process.exit(0);
  }
  const runId = `start-${randomBytes(3).toString('hex')}`;
  const keepData = options.keepData;
  const system = await startDemoSystem(
    asDemoOptions(options),
    runId,
    log,
    (stop) => (stopSystem = stop),
    {
      preferredPorts: USUAL_PORTS,
      kafkaDataDir: keepData && keptKafkaDir(keepData),
      openDatabase: keepData ? (serverUrl) => openKeptDatabase(keepData, serverUrl) : undefined,
      appEnv: { LOG_LEVEL: 'info' },
    },
  );
  const supervisor = await startSupervisor(supervisedSystem(system));
  stopTraffic.push(
    () =>
      new Promise<void>((resolve) => {
        supervisor.server.close(() => resolve());
        supervisor.server.closeAllConnections();
      }),
  );
  log('Starting the console…');
  const consoleApp = await startConsole(system, supervisor.url);
  const table = renderAppTable(
    [...system.apps, consoleApp].map((app) => ({
      name: app.options.app,
      url: app.url,
      logFile: app.logFile,
    })),
  );
  process.stdout.write(
    `\nPaystream is up: Kafka ${system.kafkaBrokers.join(',')} · database ${system.databaseName}` +
      `${keepData ? ` (kept, with Kafka's data, in ${keepData})` : ' (removed on exit)'}\n\n${table}\n\n` +
      `The console: ${consoleApp.url} (controls need the admin token ${system.adminToken})\n\n` +
      `${renderCurlLines(system.urls, system.adminToken)}\n\n` +
      `Ctrl-C stops everything.\n`,
  );
  if (options.traffic) await startTraffic(system, options, runId);
  // Keep the event loop alive until a signal arrives (children are unref'd).
  setInterval(() => undefined, 1 << 30);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
  await stopAll(1);
});
