import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireJava } from './java-runtime';
import { writeClusterFiles } from './kafka-cluster.files';
import { KafkaClusterRuntime } from './kafka-cluster.runtime';
import { loadOrCreateState } from './kafka-cluster.state';
import type { KafkaCluster, KafkaJvm, StartKafkaOptions } from './kafka-cluster.types';
import { ensureKafkaDistribution, kafkaVersion } from './kafka-distribution';
import { KafkaNodeRuntime } from './kafka-node.runtime';
import { formatNewStorage } from './kafka-storage.format';

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

  let nodes: KafkaNodeRuntime[] = [];
  try {
    const state = await loadOrCreateState(dataDir, count, dist.version, keepData && !ownsDir);
    nodes = state.nodes.map(
      (address) => new KafkaNodeRuntime(address, path.join(dataDir, `node-${address.id}`)),
    );
    const jvm: KafkaJvm = {
      java,
      dist,
      logConfigs: writeClusterFiles(dataDir, nodes, state.nodes),
    };
    await formatNewStorage(jvm, state.clusterId, nodes, {
      cleanupPaths: keepData ? [] : [dataDir],
      onProgress: progress,
    });

    const cluster = new KafkaClusterRuntime(jvm, state.clusterId, dataDir, nodes, {
      keepData,
      stopGraceMs: options.stopGraceMs ?? (keepData ? 15_000 : 5_000),
      controlledStopGraceMs: options.controlledStopGraceMs ?? 30_000,
      startTimeoutMs: options.startTimeoutMs ?? 120_000,
      removeDir,
    });
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
