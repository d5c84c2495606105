/**
 * npm run infra:kafka-fetch [-- <version>]
 * Fetches the Kafka jars into the cache ahead of time (CI warm-up step).
 */
import { ensureKafkaDistribution, kafkaVersion } from '@paystream/dev-infra';

ensureKafkaDistribution({
  version: process.argv[2] ?? kafkaVersion(),
  onProgress: (line) => console.log(line),
})
  .then((dist) => console.log(`Kafka ${dist.version} jars in ${dist.libsDir}`))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
