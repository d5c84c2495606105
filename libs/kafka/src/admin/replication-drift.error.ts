/** An existing topic's replication factor or min.insync.replicas differs from the desired settings. */
export class ReplicationDriftError extends Error {
  constructor(
    readonly topic: string,
    readonly setting: 'replication.factor' | 'min.insync.replicas',
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `topic ${topic} has ${setting}=${actual} but ${expected} is required: ` +
        (setting === 'replication.factor'
          ? 'fewer copies means a broker loss can lose acknowledged records; reassign replicas deliberately'
          : 'min.insync.replicas decides how many brokers must hold a record before acks=all succeeds; alter the topic config deliberately'),
    );
    this.name = 'ReplicationDriftError';
  }
}
