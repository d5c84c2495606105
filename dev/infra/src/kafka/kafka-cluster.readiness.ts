import { Kafka, logLevel } from 'kafkajs';
import { ServiceStartError } from '../errors/service-start.error';
import { tailFile } from '../process/log-tail';
import type { KafkaNodeRuntime } from './kafka-node.runtime';

export interface WaitForBrokersOptions {
  /** Every broker of the cluster: any of them can answer. */
  bootstrapServers: string[];
  /** The nodes that must be registered; fails at once if one's JVM has exited. */
  nodes: readonly KafkaNodeRuntime[];
  deadline: number;
  /** The start timeout the deadline came from, for the error message. */
  timeoutMs: number;
}

/** Polls describeCluster until every one of `nodes` is a registered broker. */
export async function waitForBrokers({
  bootstrapServers,
  nodes,
  deadline,
  timeoutMs,
}: WaitForBrokersOptions): Promise<void> {
  const ids = nodes.map((n) => n.id);
  const kafka = new Kafka({
    clientId: 'paystream-infra-readiness',
    brokers: bootstrapServers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  });
  let lastError: string;
  for (;;) {
    const dead = nodes.find((n) => !n.running);
    if (dead) {
      const exit = await dead.process?.exited;
      throw new ServiceStartError(
        `Kafka node ${dead.id}`,
        `the JVM exited early (code ${exit?.code ?? 'null'}, signal ${exit?.signal ?? 'none'})`,
        tailFile(dead.logFile),
        dead.logFile,
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const { brokers } = await admin.describeCluster();
      const registered = new Set(brokers.map((b) => b.nodeId));
      if (ids.every((id) => registered.has(id))) return;
      lastError = `registered brokers: [${[...registered].join(', ')}], waiting for [${ids.join(', ')}]`;
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      const node = nodes[0];
      throw new ServiceStartError(
        `Kafka (${ids.length} broker(s))`,
        `timed out after ${Math.round(timeoutMs / 1000)}s; last: ${lastError}`,
        tailFile(node.logFile),
        node.logFile,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
