import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureKafkaDistribution, kafkaVersion, MissingToolError } from '@paystream/dev-infra';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

describe('the Kafka jar cache', () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paystream-cache-test-'));
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('explains what to install when java or mvn is missing', async () => {
    const saved = { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME };
    process.env.PATH = '/nonexistent';
    delete process.env.JAVA_HOME;
    try {
      const attempt = ensureKafkaDistribution({ cacheDir });
      await expect(attempt).rejects.toBeInstanceOf(MissingToolError);
      await expect(attempt).rejects.toThrow(/openjdk-17-jre-headless maven/);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.JAVA_HOME !== undefined) process.env.JAVA_HOME = saved.JAVA_HOME;
    }
  });

  it('fetches once for concurrent callers and reuses the result', async () => {
    const progress: string[] = [];
    const onProgress = (line: string) => progress.push(line);
    const [a, b] = await Promise.all([
      ensureKafkaDistribution({ cacheDir, onProgress }),
      ensureKafkaDistribution({ cacheDir, onProgress }),
    ]);
    expect(a).toEqual(b);
    expect(fs.readdirSync(a.libsDir)).toContain(`kafka_2.13-${kafkaVersion()}.jar`);
    expect(progress.filter((l) => l.startsWith('Fetching'))).toHaveLength(1);
    // Only the finished dir remains: no temp dirs, no lock.
    expect(fs.readdirSync(cacheDir)).toEqual([`kafka-${kafkaVersion()}`]);

    const started = Date.now();
    await ensureKafkaDistribution({ cacheDir, onProgress });
    expect(progress.filter((l) => l.startsWith('Fetching'))).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000); // a marker check, not a Maven run
  });
});
