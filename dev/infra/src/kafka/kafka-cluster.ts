import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ServiceStartError } from '../errors/service-start.error';
import { freePorts, isPortFree, LOOPBACK } from '../net/free-port';
import { tailFile } from '../process/log-tail';
import { runSupervised } from '../process/run-supervised';
import { spawnSupervised, type SupervisedProcess } from '../process/spawn-supervised';
import { requireJava } from './java-runtime';
import {
  ensureKafkaDistribution,
  kafkaVersion,
  type KafkaDistribution,
} from './kafka-distribution';
import {
  brokerJvmOptions,
  kraftServerProperties,
  LOG4J1_PROPERTIES,
  LOG4J2_PROPERTIES,
  loggingJvmOptions,
  newClusterId,
  toolJvmOptions,
  type KraftNodeAddress,
} from './kraft-config';

export interface StartKafkaOptions {
  /** 1 for speed, 3 for replication (RF 3, min ISR 2). Default 1. */
  brokers?: 1 | 3;
  /** Where storage, configs and logs go. Default: a fresh mkdtemp under os.tmpdir(). */
  dataDir?: string;
  /** Keep dataDir on stop (and reuse its storage, cluster id and ports next time). */
  keepData?: boolean;
  /** Kafka version; default $PAYSTREAM_KAFKA_VERSION or DEFAULT_KAFKA_VERSION. */
  version?: string;
  /** Jar cache; see ensureKafkaDistribution. */
  cacheDir?: string;
  /** How long to wait for all brokers to register. Default 120 s (3 JVMs on 2 cores). */
  startTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace per broker. Default 15 s with kept data, 5 s otherwise. */
  stopGraceMs?: number;
  onProgress?: (line: string) => void;
}

export interface KafkaNode {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  /** Pid of the broker JVM; undefined while stopped. */
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly logFile: string;
}

export interface KafkaCluster {
  readonly version: string;
  readonly clusterId: string;
  readonly dataDir: string;
  /** `127.0.0.1:port` of every broker (what KAFKA_BROKERS holds, comma-joined). */
  readonly bootstrapServers: string[];
  readonly nodes: readonly KafkaNode[];
  /**
   * SIGTERM one node (controlled shutdown), SIGKILL after the grace period.
   * `{ signal: 'SIGKILL' }` simulates a crash instead.
   */
  stopBroker(id: number, options?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  /** Restart a stopped node on the same ports and storage; resolves once it is registered again. */
  startBroker(id: number): Promise<void>;
  /** Stop every node, wait for the JVMs to exit, remove the temp dir unless keepData. */
  stop(): Promise<void>;
}

interface ClusterState {
  clusterId: string;
  version: string;
  nodes: KraftNodeAddress[];
}

class NodeRuntime implements KafkaNode {
  process: SupervisedProcess | undefined;
  constructor(
    readonly address: KraftNodeAddress,
    readonly dir: string,
  ) {}
  get id() {
    return this.address.id;
  }
  get port() {
    return this.address.port;
  }
  get controllerPort() {
    return this.address.controllerPort;
  }
  get pid() {
    return this.process?.isRunning() ? this.process.pid : undefined;
  }
  get running() {
    return this.process?.isRunning() ?? false;
  }
  get logFile() {
    return path.join(this.dir, 'broker.log');
  }
  get propertiesFile() {
    return path.join(this.dir, 'server.properties');
  }
  get storageDir() {
    return path.join(this.dir, 'data');
  }
}

/**
 * Starts a real Apache Kafka KRaft cluster (combined broker+controller nodes)
 * from the Maven-fetched jars, on free loopback ports, and waits until every
 * broker is registered and answers metadata requests.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  const count = options.brokers ?? 1;
  if (count !== 1 && count !== 3) throw new Error(`brokers must be 1 or 3, got ${String(count)}`);
  const progress = options.onProgress ?? (() => undefined);
  const keepData = options.keepData ?? false;
  const java = requireJava();
  const dist = await ensureKafkaDistribution({
    version: options.version ?? kafkaVersion(),
    cacheDir: options.cacheDir,
    onProgress: progress,
  });

  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir
    ? path.resolve(options.dataDir)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'paystream-kafka-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const removeDir = () => {
    if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  let nodes: NodeRuntime[] = [];
  try {
    const state = await loadOrCreateState(dataDir, count, dist.version, keepData && !ownsDir);
    nodes = state.nodes.map(
      (address) => new NodeRuntime(address, path.join(dataDir, `node-${address.id}`)),
    );
    const log4j1 = path.join(dataDir, 'log4j.properties');
    const log4j2 = path.join(dataDir, 'log4j2.properties');
    fs.writeFileSync(log4j1, LOG4J1_PROPERTIES);
    fs.writeFileSync(log4j2, LOG4J2_PROPERTIES);
    for (const node of nodes) {
      fs.mkdirSync(node.dir, { recursive: true });
      fs.writeFileSync(
        node.propertiesFile,
        kraftServerProperties({ node: node.address, nodes: state.nodes, logDir: node.storageDir }),
      );
    }

    const unformatted = nodes.filter(
      (n) => !fs.existsSync(path.join(n.storageDir, 'meta.properties')),
    );
    if (unformatted.length > 0) {
      progress(
        `Formatting KRaft storage for ${unformatted.length} node(s) (cluster ${state.clusterId})`,
      );
      await Promise.all(
        unformatted.map((n) =>
          formatStorage(
            java,
            dist,
            state.clusterId,
            n,
            [log4j1, log4j2],
            keepData ? [] : [dataDir],
          ),
        ),
      );
    }

    const cluster = new RunningCluster(
      java,
      dist,
      state.clusterId,
      dataDir,
      nodes,
      [log4j1, log4j2],
      {
        keepData,
        stopGraceMs: options.stopGraceMs ?? (keepData ? 15_000 : 5_000),
        startTimeoutMs: options.startTimeoutMs ?? 120_000,
        removeDir,
      },
    );
    progress(
      `Starting Kafka ${dist.version}: ${count} broker(s) on ${cluster.bootstrapServers.join(',')}`,
    );
    const started = Date.now();
    for (const node of nodes) cluster.launch(node);
    await cluster.waitForBrokers(
      nodes.map((n) => n.id),
      started + cluster.startTimeoutMs,
    );
    progress(`Kafka ready in ${((Date.now() - started) / 1000).toFixed(1)}s (data in ${dataDir})`);
    return cluster;
  } catch (error) {
    await Promise.all(nodes.map((n) => n.process?.stop({ graceMs: 2_000 })));
    removeDir();
    throw error;
  }
}

class RunningCluster implements KafkaCluster {
  readonly version: string;
  readonly bootstrapServers: string[];
  readonly startTimeoutMs: number;
  private stopped = false;

  constructor(
    private readonly java: string,
    private readonly dist: KafkaDistribution,
    readonly clusterId: string,
    readonly dataDir: string,
    readonly nodes: NodeRuntime[],
    private readonly logConfigs: [string, string],
    private readonly settings: {
      keepData: boolean;
      stopGraceMs: number;
      startTimeoutMs: number;
      removeDir: () => void;
    },
  ) {
    this.version = dist.version;
    this.bootstrapServers = nodes.map((n) => `${LOOPBACK}:${n.port}`);
    this.startTimeoutMs = settings.startTimeoutMs;
  }

  launch(node: NodeRuntime): void {
    fs.appendFileSync(
      node.logFile,
      `\n==== paystream: starting node ${node.id} at ${new Date().toISOString()} ====\n`,
    );
    node.process = spawnSupervised(this.java, {
      args: [
        ...brokerJvmOptions(),
        ...loggingJvmOptions(...this.logConfigs),
        '-cp',
        this.dist.classpath,
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

  private node(id: number): NodeRuntime {
    const node = this.nodes.find((n) => n.id === id);
    if (!node)
      throw new Error(`No Kafka node ${id}; nodes are ${this.nodes.map((n) => n.id).join(', ')}`);
    return node;
  }

  async stopBroker(id: number, options: { signal?: 'SIGTERM' | 'SIGKILL' } = {}): Promise<void> {
    const node = this.node(id);
    await node.process?.stop({ signal: options.signal });
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

  /** Polls describeCluster until every id in `ids` is a registered broker. */
  async waitForBrokers(ids: number[], deadline: number): Promise<void> {
    const kafka = new Kafka({
      clientId: 'paystream-infra-readiness',
      brokers: this.bootstrapServers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      retry: { retries: 0 },
    });
    let lastError: string;
    for (;;) {
      const dead = ids.map((id) => this.node(id)).find((n) => !n.running);
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
        const node = this.node(ids[0]);
        throw new ServiceStartError(
          `Kafka (${ids.length} broker(s))`,
          `timed out after ${Math.round(this.startTimeoutMs / 1000)}s; last: ${lastError}`,
          tailFile(node.logFile),
          node.logFile,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * A kept data dir remembers its cluster id and ports, so storage is reused
 * and KAFKA_BROKERS stays the same across runs when the ports are still free.
 */
async function loadOrCreateState(
  dataDir: string,
  count: number,
  version: string,
  reuse: boolean,
): Promise<ClusterState> {
  const stateFile = path.join(dataDir, 'cluster.json');
  if (reuse && fs.existsSync(stateFile)) {
    const previous = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as ClusterState;
    if (previous.nodes.length !== count) {
      throw new Error(
        `${dataDir} holds a ${previous.nodes.length}-broker cluster; start it with --brokers ${previous.nodes.length} ` +
          'or use another data dir',
      );
    }
    const allFree = (
      await Promise.all(
        previous.nodes.flatMap((n) => [isPortFree(n.port), isPortFree(n.controllerPort)]),
      )
    ).every(Boolean);
    const nodes = allFree ? previous.nodes : await allocateNodes(count);
    const state = { clusterId: previous.clusterId, version, nodes };
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
    return state;
  }
  const state: ClusterState = {
    clusterId: newClusterId(randomBytes),
    version,
    nodes: await allocateNodes(count),
  };
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  return state;
}

async function allocateNodes(count: number): Promise<KraftNodeAddress[]> {
  const ports = await freePorts(count * 2);
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    port: ports[i * 2],
    controllerPort: ports[i * 2 + 1],
  }));
}

async function formatStorage(
  java: string,
  dist: KafkaDistribution,
  clusterId: string,
  node: NodeRuntime,
  logConfigs: [string, string],
  cleanupPaths: string[],
): Promise<void> {
  fs.appendFileSync(node.logFile, '==== paystream: storage format ====\n');
  const exit = await runSupervised(java, {
    args: [
      ...toolJvmOptions(),
      ...loggingJvmOptions(...logConfigs),
      '-cp',
      dist.classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      node.propertiesFile,
      '--ignore-formatted',
    ],
    logFile: node.logFile,
    cleanupPaths,
  });
  if (exit.code !== 0) {
    throw new ServiceStartError(
      `Kafka storage format (node ${node.id})`,
      `exit code ${exit.code}`,
      tailFile(node.logFile),
      node.logFile,
    );
  }
}
