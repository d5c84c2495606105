/** Maven could not fetch the Kafka jars (offline, wrong version, broken ~/.m2). */
export class KafkaFetchError extends Error {
  constructor(
    readonly version: string,
    readonly output: string,
  ) {
    super(
      `Could not fetch Apache Kafka ${version} with Maven. Is Maven Central reachable and does the version exist?\n` +
        `--- mvn output (tail) ---\n${output}`,
    );
    this.name = 'KafkaFetchError';
  }
}
