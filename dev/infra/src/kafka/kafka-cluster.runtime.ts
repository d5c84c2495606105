import fs from 'node:fs';
import { LOOPBACK } from '../net/free-port';
import { spawnSupervised, type ExitInfo } from '../process/spawn-supervised';
import { waitForBrokers } from './kafka-cluster.readiness';
import type { KafkaCluster, KafkaJvm } from './kafka-cluster.types';
import type { KafkaNodeRuntime } from './kafka-node.runtime';
import { brokerJvmOptions, loggingJvmOptions } from './kraft-config';

export interface KafkaClusterSettings {
  keepData: boolean;
  stopGraceMs: number;
  controlledStopGraceMs: number;
  startTimeoutMs: number;
  removeDir: () => void;
}

/** A started cluster: launches, stops and restarts its nodes' JVMs. */
export class KafkaClusterRuntime implements KafkaCluster {
  readonly version: string;
  readonly bootstrapServers: string[];
  readonly startTimeoutMs: number;
  private stopped = false;

  constructor(
    private readonly jvm: KafkaJvm,
    readonly clusterId: string,
    readonly dataDir: string,
    readonly nodes: KafkaNodeRuntime[],
    private readonly settings: KafkaClusterSettings,
  ) {
    this.version = jvm.dist.version;
    this.bootstrapServers = nodes.map((n) => `${LOOPBACK}:${n.port}`);
    this.startTimeoutMs = settings.startTimeoutMs;
  }

  launch(node: KafkaNodeRuntime): void {
    fs.appendFileSync(
      node.logFile,
      `\n==== paystream: starting node ${node.id} at ${new Date().toISOString()} ====\n`,
    );
    node.process = spawnSupervised(this.jvm.java, {
      args: [
        ...brokerJvmOptions(),
        ...loggingJvmOptions(...this.jvm.logConfigs),
        '-cp',
        this.jvm.dist.classpath,
        'kafka.Kafka',
        node.propertiesFile,
      ],
      cwd: node.dir,
      logFile: node.logFile,
      stopSignal: 'SIGTERM',
      // Orphaned with throwaway data: no point in a (stalling) controlled shutdown.
      orphanSignal: this.settings.keepData ? 'SIGTERM' : 'SIGKILL',
      stopGraceMs: this.settings.stopGraceMs,
      // If this Node process dies, the watchdog also removes the throwaway data.
      cleanupPaths: this.settings.keepData ? [] : [this.dataDir],
    });
  }

  private node(id: number): KafkaNodeRuntime {
    const node = this.nodes.find((n) => n.id === id);
    if (!node)
      throw new Error(`No Kafka node ${id}; nodes are ${this.nodes.map((n) => n.id).join(', ')}`);
    return node;
  }

  async stopBroker(
    id: number,
    options: { signal?: 'SIGTERM' | 'SIGKILL' } = {},
  ): Promise<ExitInfo | undefined> {
    const node = this.node(id);
    // Every node is also a controller: a controlled shutdown completes only while a majority stays up.
    const left = this.nodes.filter((n) => n.id !== id && n.running).length;
    const graceMs =
      left > this.nodes.length / 2
        ? this.settings.controlledStopGraceMs
        : this.settings.stopGraceMs;
    return node.process?.stop({ signal: options.signal, graceMs });
  }

  async startBroker(id: number): Promise<void> {
    if (this.stopped) throw new Error('The Kafka cluster was stopped');
    const node = this.node(id);
    if (node.running) return;
    this.launch(node);
    await this.waitForBrokers([id], Date.now() + this.startTimeoutMs);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.settings.keepData) {
      // Kept data: controlled shutdown one node at a time, so each hands its
      // partitions over while a controller quorum still exists. The last node
      // has no quorum left and may need the SIGKILL after the grace period.
      for (const node of [...this.nodes].reverse()) await node.process?.stop();
    } else {
      // Throwaway data is deleted next: a controlled shutdown would only cost
      // time (all nodes at once lose the quorum and stall until the grace ends).
      await Promise.all(this.nodes.map((n) => n.process?.stop({ signal: 'SIGKILL' })));
    }
    this.settings.removeDir();
  }

  /** Resolves once every id in `ids` is a registered broker (see waitForBrokers). */
  async waitForBrokers(ids: number[], deadline: number): Promise<void> {
    await waitForBrokers({
      bootstrapServers: this.bootstrapServers,
      nodes: ids.map((id) => this.node(id)),
      deadline,
      timeoutMs: this.startTimeoutMs,
    });
  }
}
