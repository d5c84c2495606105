import { LOOPBACK } from '../net/free-port';

export interface KraftNodeAddress {
  id: number;
  port: number;
  controllerPort: number;
}

export interface KraftNodeConfigInput {
  node: KraftNodeAddress;
  /** Every node of the cluster; all are combined broker+controller voters. */
  nodes: readonly KraftNodeAddress[];
  logDir: string;
}

/**
 * server.properties for one combined broker+controller node.
 *
 * Replication settings follow the cluster size so that a 1-node laptop
 * cluster works and a 3-node one behaves like production for money
 * (replication factor 3, min.insync.replicas 2, no unclean election: a broker
 * that missed writes can never become leader and silently drop them).
 */
export function kraftServerProperties({ node, nodes, logDir }: KraftNodeConfigInput): string {
  const count = nodes.length;
  const replication = Math.min(3, count);
  const minIsr = count >= 3 ? 2 : 1;
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    // Static voter set: works identically on Kafka 3.9 and 4.x.
    'controller.quorum.voters': nodes
      .map((n) => `${n.id}@${LOOPBACK}:${n.controllerPort}`)
      .join(','),
    listeners: `PLAINTEXT://${LOOPBACK}:${node.port},CONTROLLER://${LOOPBACK}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${node.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDir,

    // Topics are provisioned by code with explicit partitions/replication.
    'auto.create.topics.enable': false,
    'num.partitions': 1,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'unclean.leader.election.enable': false,

    // Internal topics must fit the cluster or groups/transactions never work.
    'offsets.topic.replication.factor': replication,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    // Fewer internal partitions: creating 50 on first group join is slow on 2 cores.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.num.partitions': 10,

    // Tests and demos form groups constantly; the default 3 s delay only adds waiting.
    'group.initial.rebalance.delay.ms': 0,

    // Laptop sizing: fewer threads, smaller segments, data is throwaway.
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 4,
    'log.segment.bytes': 64 * 1024 * 1024,
    'log.retention.hours': 24,
    'log.cleaner.dedupe.buffer.size': 8 * 1024 * 1024,
    // A node that is stopped and restarted (replication tests) rejoins quickly.
    'controlled.shutdown.enable': true,
  };
  return `${Object.entries(props)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/**
 * Broker logging to stdout (which the launcher appends to node-N/broker.log).
 * Kafka 3.x uses reload4j (log4j 1 syntax), Kafka 4.x log4j2; both files are
 * written and both system properties passed, each version reads its own.
 */
export const LOG4J1_PROPERTIES = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log=WARN
log4j.logger.org.apache.kafka.raft=WARN
`;

export const LOG4J2_PROPERTIES = `status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.cleaner.name = kafka.log.LogCleaner
logger.cleaner.level = WARN
logger.storage.name = org.apache.kafka.storage.internals.log
logger.storage.level = WARN
logger.klog.name = kafka.log
logger.klog.level = WARN
logger.raft.name = org.apache.kafka.raft
logger.raft.level = WARN
`;

/** Heap and GC for a laptop: serial GC uses one thread, leaving cores to Node. */
export function brokerJvmOptions(heap = process.env.PAYSTREAM_KAFKA_HEAP || '512m'): string[] {
  return [
    `-Xmx${heap}`,
    '-Xms256m',
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
  ];
}

/** Short-lived tools (storage format): start fast, stay small. */
export function toolJvmOptions(): string[] {
  return ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];
}

export function loggingJvmOptions(log4j1File: string, log4j2File: string): string[] {
  return [`-Dlog4j.configuration=file:${log4j1File}`, `-Dlog4j2.configurationFile=${log4j2File}`];
}

/** Kafka cluster ids are 16 random bytes, base64url without padding (22 chars). */
export function newClusterId(random: (size: number) => Buffer): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id; // ids starting with '-' confuse CLI parsing
  }
}
