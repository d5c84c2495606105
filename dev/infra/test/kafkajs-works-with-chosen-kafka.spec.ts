import { checkKafkaJsCompatibility, parseBrokers } from '@paystream/dev-infra';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

// Guards the choice of DEFAULT_KAFKA_VERSION (dev/infra/README.md): every
// KafkaJS feature Paystream uses must keep working against the broker the
// global setup started (or the one KAFKA_BROKERS points at).
describe('KafkaJS 2.2.4 against the project Kafka', () => {
  it('passes every compatibility step', async () => {
    const report = await checkKafkaJsCompatibility(parseBrokers(process.env.KAFKA_BROKERS));
    const failures = report.steps.filter((s) => !s.ok).map((s) => `${s.name}: ${s.detail}`);
    expect(failures).toEqual([]);
  });
});
