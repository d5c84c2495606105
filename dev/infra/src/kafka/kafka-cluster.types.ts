import type { ExitInfo } from '../process/spawn-supervised';
import type { KafkaDistribution } from './kafka-distribution';

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
  /** SIGTERM → SIGKILL grace per broker when the cluster stops. Default 15 s with kept data, 5 s otherwise. */
  stopGraceMs?: number;
  /**
   * The grace of stopBroker while a controller majority stays up, so the
   * controlled shutdown can finish handing its partitions over. Default 30 s.
   */
  controlledStopGraceMs?: number;
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
   * SIGTERM one node (controlled shutdown), SIGKILL after the grace period:
   * controlledStopGraceMs while a controller majority stays up, stopGraceMs
   * when this stop takes the majority away (the shutdown would only stall).
   * `{ signal: 'SIGKILL' }` simulates a crash instead. Resolves with how the
   * JVM ended (undefined if it was not running).
   */
  stopBroker(
    id: number,
    options?: { signal?: 'SIGTERM' | 'SIGKILL' },
  ): Promise<ExitInfo | undefined>;
  /** Restart a stopped node on the same ports and storage; resolves once it is registered again. */
  startBroker(id: number): Promise<void>;
  /** Stop every node, wait for the JVMs to exit, remove the temp dir unless keepData. */
  stop(): Promise<void>;
}

/** How every Kafka JVM of one cluster runs (brokers and the storage tool); not exported by the package. */
export interface KafkaJvm {
  readonly java: string;
  readonly dist: KafkaDistribution;
  /** The log4j and log4j2 configuration files, both passed to every JVM. */
  readonly logConfigs: [string, string];
}
