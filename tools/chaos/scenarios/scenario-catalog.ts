import { TOPICS } from '@paystream/contracts';
import type { AppProcess } from '@paystream/testing';
import type { ChaosScenario, ScenarioContext } from './chaos-scenario';

/** The relays' lease in the chaos run (RELAY_LEASE_MS), so a frozen relay is replaced within a scenario. */
export const CHAOS_RELAY_LEASE_MS = 3_000;

/** The relay holding the outbox lock right now (its /metrics says outbox_relay_active 1). */
async function activeRelay(ctx: ScenarioContext): Promise<AppProcess> {
  for (const relay of ctx.system.relays) {
    const text = await fetch(`${relay.url}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    if (/^outbox_relay_active(\{[^}]*\})? 1$/m.test(text)) return relay;
  }
  ctx.note('no relay reported itself active; taking the first one');
  return ctx.system.relays[0];
}

function only(name: string, ctx: ScenarioContext): AppProcess {
  const proc = ctx.system.app(name);
  if (!proc) throw new Error(`no running ${name}`);
  return proc;
}

/** A SIGKILL while payments are in flight: the gateway is slowed so some always are. */
async function killPosMidPayment(ctx: ScenarioContext): Promise<void> {
  await ctx.setGatewayFaults({ latencyMs: 400, jitterMs: 200 });
  await ctx.sleep(1_500);
  const pos = only('pos-api', ctx);
  await ctx.system.restartApp(pos, 'SIGKILL');
  ctx.note(
    `pos-api (pid ${pos.pid}) SIGKILLed with payments in flight and started again on its port`,
  );
  await ctx.setGatewayFaults({ latencyMs: 0, jitterMs: 0 });
}

async function lastingGatewayFault(
  ctx: ScenarioContext,
  on: Record<string, unknown>,
  off: Record<string, unknown>,
) {
  await ctx.setGatewayFaults(on);
  ctx.note(`gateway faults ${JSON.stringify(on)} for ${ctx.faultMs / 1000} s`);
  await ctx.sleep(ctx.faultMs);
  await ctx.setGatewayFaults(off);
}

export const SCENARIOS: readonly ChaosScenario[] = [
  {
    name: 'gateway-outage',
    title: 'Gateway outage',
    run: (ctx) => lastingGatewayFault(ctx, { down: true }, { down: false }),
  },
  {
    name: 'gateway-hangs',
    title: 'Gateway hangs (answers nothing)',
    run: (ctx) => lastingGatewayFault(ctx, { hangRate: 1 }, { hangRate: 0 }),
  },
  {
    name: 'reset-after-commit',
    title: 'Connection reset after the gateway committed',
    run: (ctx) =>
      lastingGatewayFault(ctx, { resetAfterCommitRate: 0.3 }, { resetAfterCommitRate: 0 }),
  },
  {
    name: '5xx-after-commit',
    title: '5xx after the gateway committed',
    run: (ctx) =>
      lastingGatewayFault(
        ctx,
        { serverErrorAfterCommitRate: 0.3 },
        { serverErrorAfterCommitRate: 0 },
      ),
  },
  {
    name: 'pos-kill-sync',
    title: 'pos-api SIGKILL mid-payment (sync)',
    tillVia: 'sync',
    run: killPosMidPayment,
  },
  {
    name: 'pos-kill-queue',
    title: 'pos-api SIGKILL mid-payment (?via=queue)',
    tillVia: 'queue',
    run: killPosMidPayment,
  },
  {
    name: 'worker-kill',
    title: 'charge-worker SIGKILL',
    run: async (ctx) => {
      const worker = ctx.system.workers[0];
      await ctx.system.stopApp(worker, 'SIGKILL');
      ctx.note(
        `charge-worker (pid ${worker.pid}) SIGKILLed; its partitions wait for the session timeout`,
      );
      await ctx.sleep(Math.min(ctx.faultMs, 5_000));
      await ctx.system.addWorker();
      ctx.note('a new charge-worker joined');
    },
  },
  {
    name: 'relay-kill',
    title: 'outbox-relay SIGKILL (standby takes over)',
    run: async (ctx) => {
      const relay = await activeRelay(ctx);
      await ctx.system.stopApp(relay, 'SIGKILL');
      ctx.note(`active relay (pid ${relay.pid}) SIGKILLed`);
      await ctx.sleep(ctx.faultMs);
      ctx.note(
        `unpublished outbox rows ${ctx.faultMs / 1000} s later: ${await ctx.unpublishedOutbox()}`,
      );
      const next = await ctx.system.restartApp(relay, 'SIGKILL').catch(async () => undefined);
      if (!next) ctx.note('could not restart the killed relay');
      else ctx.note('the killed relay started again (as standby)');
    },
  },
  {
    name: 'relay-pause',
    title: 'outbox-relay SIGSTOP, then SIGCONT (the standby takes over after the lease)',
    run: async (ctx) => {
      const relay = await activeRelay(ctx);
      // Frozen for longer than the lease: the frozen relay's session ends and the standby must take over.
      const frozenMs = Math.max(ctx.faultMs, 4 * CHAOS_RELAY_LEASE_MS);
      process.kill(relay.pid, 'SIGSTOP');
      ctx.note(
        `active relay (pid ${relay.pid}) frozen with SIGSTOP for ${frozenMs / 1000} s (lease ${CHAOS_RELAY_LEASE_MS / 1000} s)`,
      );
      try {
        const frozenAt = Date.now();
        await ctx.sleep(2 * CHAOS_RELAY_LEASE_MS);
        // Traffic keeps adding rows: a standby that took over keeps the backlog to a second's worth.
        const drainedBelow = Math.max(5, ctx.options.rate);
        let unpublished = await ctx.unpublishedOutbox();
        while (unpublished > drainedBelow && Date.now() - frozenAt < frozenMs) {
          await ctx.sleep(500);
          unpublished = await ctx.unpublishedOutbox();
        }
        ctx.note(
          `unpublished outbox rows while frozen: ${unpublished} after ${(Date.now() - frozenAt) / 1000} s`,
        );
        if (unpublished > drainedBelow) {
          throw new Error(
            `the standby did not take over while the active relay was frozen (${unpublished} rows waiting)`,
          );
        }
        await ctx.sleep(Math.max(0, frozenMs - (Date.now() - frozenAt)));
      } finally {
        process.kill(relay.pid, 'SIGCONT');
      }
      ctx.note(
        'relay resumed with SIGCONT (fenced: it publishes nothing until it is the active relay again)',
      );
    },
  },
  {
    name: 'sink-kill',
    title: 'db-sink SIGKILL',
    run: async (ctx) => {
      const sink = only('db-sink', ctx);
      await ctx.system.stopApp(sink, 'SIGKILL');
      ctx.note(`db-sink (pid ${sink.pid}) SIGKILLed`);
      await ctx.sleep(Math.min(ctx.faultMs, 5_000));
      await ctx.system.restartApp(sink).catch(() => undefined);
    },
  },
  {
    name: 'leader-kill',
    title: 'Leader broker SIGKILL',
    needs: { brokers: 3 },
    tollMustAccept: true,
    run: async (ctx) => {
      const kafka = ctx.system.kafka!;
      const leader = (await ctx.leaderOf(TOPICS.tollCharges, 0)) ?? kafka.nodes[0].id;
      await kafka.stopBroker(leader, { signal: 'SIGKILL' });
      ctx.note(
        `broker ${leader} (leader of ${TOPICS.tollCharges}/0) SIGKILLed for ${ctx.faultMs / 1000} s`,
      );
      await ctx.sleep(ctx.faultMs);
      await kafka.startBroker(leader);
      ctx.note(`broker ${leader} started again`);
    },
  },
  {
    name: 'two-brokers-down',
    title: 'Two of three brokers down (below min ISR)',
    needs: { brokers: 3 },
    tollMustAccept: true,
    run: async (ctx) => {
      const kafka = ctx.system.kafka!;
      const victims = kafka.nodes.slice(1).map((n) => n.id);
      for (const id of victims) await kafka.stopBroker(id, { signal: 'SIGKILL' });
      ctx.note(
        `brokers ${victims.join(' and ')} SIGKILLed: writes with acks=all cannot reach min ISR 2`,
      );
      await ctx.sleep(ctx.faultMs);
      for (const id of victims) await kafka.startBroker(id);
      ctx.note('both brokers started again');
    },
  },
  {
    name: 'postgres-restart',
    title: 'Postgres restart',
    needs: { embeddedPostgres: true },
    run: async (ctx) => {
      const pg = ctx.system.postgres;
      if (!pg?.restart) throw new Error('Postgres restart needs the embedded Postgres');
      ctx.note(
        'Postgres fast shutdown (SIGINT), down for 3 s, started again on the same port and data',
      );
      await pg.restart({ signal: 'SIGINT', downMs: 3_000 });
    },
  },
  {
    name: 'redis-restart',
    title: 'Redis restart without persistence',
    needs: { privateRedis: true },
    run: async (ctx) => {
      await ctx.system.restartRedis(2_000);
      ctx.note(
        'Redis stopped and started empty on the same port after 2 s (retry timers and queue jobs gone)',
      );
    },
  },
  {
    name: 'poison-records',
    title: 'Poison records on the charges and results topics',
    run: async (ctx) => {
      const stamp = Date.now().toString(36);
      const bad = (i: number) =>
        i % 2 === 0
          ? `{not json ${i}`
          : JSON.stringify({ eventId: 'not-a-uuid', schemaVersion: 99, i });
      for (const topic of [TOPICS.tollCharges, TOPICS.tollChargeResults]) {
        const records = Array.from({ length: 10 }, (_, i) => ({
          key: `POISON-${stamp}-${i}`,
          value: bad(i),
        }));
        await ctx.produceRaw(topic, records);
        ctx.poison.set(topic, [...(ctx.poison.get(topic) ?? []), ...records.map((r) => r.key)]);
      }
      ctx.note(
        '10 malformed records (bad JSON, wrong schema) written straight to each of the two topics',
      );
    },
  },
  {
    name: 'rebalance-storm',
    title: 'Rebalance storm (workers join and leave every few seconds)',
    run: async (ctx) => {
      // A worker takes seconds to start on a busy machine, so joins are not awaited;
      // every change (a join landing, a leave) makes the group rebalance.
      const seconds = Math.max(30, (ctx.faultMs * 2) / 1000);
      const end = Date.now() + seconds * 1000;
      const ready: AppProcess[] = [];
      const joining = new Set<Promise<void>>();
      let joins = 0;
      let leaves = 0;
      while (Date.now() < end) {
        // Each tick: the oldest extra worker that is up leaves, and (at most two at a time) a new one starts.
        if (ready.length > 0) {
          // Every other leave is a crash (SIGKILL), the others a polite SIGTERM.
          await ctx.system.stopApp(ready.shift()!, leaves++ % 2 === 0 ? 'SIGTERM' : 'SIGKILL');
        }
        if (joining.size < 2) {
          joins++;
          const p: Promise<void> = ctx.system
            .addWorker()
            .then((w) => void ready.push(w))
            .catch(() => undefined)
            .finally(() => joining.delete(p));
          joining.add(p);
        }
        await ctx.sleep(3_000);
      }
      await Promise.all([...joining]);
      for (const w of ready) await ctx.system.stopApp(w, 'SIGTERM');
      ctx.note(`${joins} joins and ${leaves} leaves (half of them SIGKILL) in ${seconds} s`);
    },
  },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);
