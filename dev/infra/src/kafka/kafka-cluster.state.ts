import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePorts, isPortFree } from '../net/free-port';
import { newClusterId, type KraftNodeAddress } from './kraft-config';

/** What `cluster.json` in the data dir remembers between runs. */
export interface ClusterState {
  clusterId: string;
  version: string;
  nodes: KraftNodeAddress[];
}

/**
 * A kept data dir remembers its cluster id and ports, so storage is reused
 * and KAFKA_BROKERS stays the same across runs when the ports are still free.
 */
export async function loadOrCreateState(
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
