import fs from 'node:fs';
import path from 'node:path';
import type { KafkaNodeRuntime } from './kafka-node.runtime';
import {
  kraftServerProperties,
  LOG4J1_PROPERTIES,
  LOG4J2_PROPERTIES,
  type KraftNodeAddress,
} from './kraft-config';

/**
 * Writes the files the JVMs read: the two logging configurations in the data
 * dir and each node's server.properties in its own dir. Returns the logging
 * files' paths (log4j, log4j2).
 */
export function writeClusterFiles(
  dataDir: string,
  nodes: readonly KafkaNodeRuntime[],
  addresses: readonly KraftNodeAddress[],
): [string, string] {
  const log4j1 = path.join(dataDir, 'log4j.properties');
  const log4j2 = path.join(dataDir, 'log4j2.properties');
  fs.writeFileSync(log4j1, LOG4J1_PROPERTIES);
  fs.writeFileSync(log4j2, LOG4J2_PROPERTIES);
  for (const node of nodes) {
    fs.mkdirSync(node.dir, { recursive: true });
    fs.writeFileSync(
      node.propertiesFile,
      kraftServerProperties({ node: node.address, nodes: addresses, logDir: node.storageDir }),
    );
  }
  return [log4j1, log4j2];
}
