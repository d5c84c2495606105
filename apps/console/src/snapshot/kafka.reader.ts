import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { describeGroupView, GroupView } from '@paystream/kafka';
import { Admin } from 'kafkajs';
import { ConsoleConfig } from '../config/console.config';
import { RecordSampler } from '../sources/record.sampler';
import { KAFKA_ADMIN } from '../sources/sources.tokens';
import { BrokerView, TopicView } from './console-snapshot';

/** The cluster as Kafka's own admin API reports it: brokers, partitions, replicas, groups. */
@Injectable()
export class KafkaReader {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly sampler: RecordSampler,
  ) {}

  async brokers(): Promise<BrokerView[]> {
    const cluster = await this.admin.describeCluster();
    return cluster.brokers
      .map((b) => ({
        nodeId: b.nodeId,
        address: `${b.host}:${b.port}`,
        up: true,
        controller: b.nodeId === cluster.controller,
      }))
      .sort((a, b) => a.nodeId - b.nodeId);
  }

  async chargesTopic(): Promise<TopicView> {
    const topic = this.config.CHARGES_TOPIC;
    const [{ topics }, offsets] = await Promise.all([
      this.admin.fetchTopicMetadata({ topics: [topic] }),
      this.admin.fetchTopicOffsets(topic),
    ]);
    const high = new Map(offsets.map((o) => [o.partition, o.high]));
    return {
      name: topic,
      partitions: (topics[0]?.partitions ?? [])
        .map((p) => ({
          partition: p.partitionId,
          leader: p.leader,
          replicas: [...p.replicas].sort((a, b) => a - b),
          isr: [...p.isr].sort((a, b) => a - b),
          highWatermark: high.get(p.partitionId) ?? '0',
          recent: this.sampler.recentOf(p.partitionId),
        }))
        .sort((a, b) => a.partition - b.partition),
    };
  }

  workerGroup(): Promise<GroupView> {
    return describeGroupView(this.admin, this.config.WORKER_GROUP, this.config.CHARGES_TOPIC);
  }

  sinkGroup(): Promise<GroupView> {
    return describeGroupView(this.admin, this.config.SINK_GROUP, this.config.CHARGE_RESULTS_TOPIC);
  }
}
