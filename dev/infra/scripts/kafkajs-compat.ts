/**
 * Checks KafkaJS 2.2.4 against real Kafka versions (default: 4.1.1 and 3.9.1).
 *   npm run infra:kafka-compat -- [--brokers 3] [version ...]
 * Exit code 1 when any version fails a step. Used to choose DEFAULT_KAFKA_VERSION.
 */
import { checkKafkaJsCompatibility, startKafka } from '@paystream/dev-infra';
import kafkajsPackage from 'kafkajs/package.json';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const brokersFlag = args.indexOf('--brokers');
  const brokers = brokersFlag >= 0 ? (Number(args.splice(brokersFlag, 2)[1]) as 1 | 3) : 1;
  const versions = args.length > 0 ? args : ['4.1.1', '3.9.1'];
  let failed = false;
  for (const version of versions) {
    console.log(
      `\n== Kafka ${version} (${brokers} broker(s)) with KafkaJS ${kafkajsPackage.version} ==`,
    );
    const cluster = await startKafka({
      version,
      brokers,
      onProgress: (line) => console.log(`   ${line}`),
    });
    try {
      const report = await checkKafkaJsCompatibility(cluster.bootstrapServers);
      for (const step of report.steps)
        console.log(`  ${step.ok ? 'PASS' : 'FAIL'}  ${step.name}: ${step.detail}`);
      console.log(`  => ${report.ok ? 'compatible' : 'NOT compatible'}`);
      failed ||= !report.ok;
    } finally {
      await cluster.stop();
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
