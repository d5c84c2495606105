import fs from 'node:fs';
import path from 'node:path';
import { ServiceStartError } from '../errors/service-start.error';
import { tailFile } from '../process/log-tail';
import { runSupervised } from '../process/run-supervised';
import type { KafkaJvm } from './kafka-cluster.types';
import type { KafkaNodeRuntime } from './kafka-node.runtime';
import { loggingJvmOptions, toolJvmOptions } from './kraft-config';

export interface FormatStorageOptions {
  /** Removed by the watchdog if this process dies during the format (throwaway data). */
  cleanupPaths: string[];
  onProgress: (line: string) => void;
}

/**
 * Formats the KRaft storage of every node that has none yet (no
 * meta.properties), all at once; kept storage is left as it is.
 */
export async function formatNewStorage(
  jvm: KafkaJvm,
  clusterId: string,
  nodes: readonly KafkaNodeRuntime[],
  { cleanupPaths, onProgress }: FormatStorageOptions,
): Promise<void> {
  const unformatted = nodes.filter(
    (n) => !fs.existsSync(path.join(n.storageDir, 'meta.properties')),
  );
  if (unformatted.length === 0) return;
  onProgress(`Formatting KRaft storage for ${unformatted.length} node(s) (cluster ${clusterId})`);
  await Promise.all(unformatted.map((n) => formatStorage(jvm, clusterId, n, cleanupPaths)));
}

async function formatStorage(
  { java, dist, logConfigs }: KafkaJvm,
  clusterId: string,
  node: KafkaNodeRuntime,
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
