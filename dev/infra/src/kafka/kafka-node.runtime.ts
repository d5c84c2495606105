import path from 'node:path';
import type { SupervisedProcess } from '../process/spawn-supervised';
import type { KafkaNode } from './kafka-cluster.types';
import type { KraftNodeAddress } from './kraft-config';

/** One combined broker+controller node: its ports, its files and, while it runs, its JVM. */
export class KafkaNodeRuntime implements KafkaNode {
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
