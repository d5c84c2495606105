/**
 * docker-compose.yml and the Dockerfiles, checked without a Docker engine (CI
 * has none): the file is parsed and everything that can be decided statically
 * is asserted — apps present and health-checked, start order by health, a
 * three-node KRaft quorum, RF 3 / min ISR 2 for the charges topic, Redis
 * noeviction, and each app's environment accepted by that app's own zod schema.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { TOPIC_SPECS, TOPICS } from '@paystream/contracts';
import { DEFAULT_KAFKA_VERSION } from '@paystream/dev-infra';
import { defaultReplication } from '@paystream/kafka';
import { APP_HEAP_FLAGS } from '@paystream/testing';
import {
  containerPortsOf,
  dependenciesOf,
  environmentOf,
  healthcheckCommand,
  loadComposeFile,
  readDockerfile,
  REPO_ROOT,
} from './compose-file';

const APPS = [
  'payment-gateway',
  'pos-api',
  'toll-api',
  'outbox-relay',
  'charge-worker',
  'db-sink',
  'console',
] as const;
const APP_DOCKERFILE = 'docker/app.Dockerfile';
const BROKERS = ['kafka-1', 'kafka-2', 'kafka-3'];
const INFRASTRUCTURE = [...BROKERS, 'postgres', 'redis'];
const MIGRATE = 'migrate';

const compose = loadComposeFile();
const services = compose.services;
const env = (name: string) => environmentOf(services[name] ?? {});

/** Anything zod-like with an object shape: `.shape` on a ZodObject, `.in.shape` through a pipe. */
interface ZodObjectLike {
  safeParse(input: unknown): {
    success: boolean;
    error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
  };
  shape: Record<string, unknown>;
}

function asObjectSchema(value: unknown): ZodObjectLike | undefined {
  const candidate = value as {
    safeParse?: unknown;
    shape?: unknown;
    in?: { shape?: unknown };
  } | null;
  if (!candidate || typeof candidate.safeParse !== 'function') return undefined;
  const shape = candidate.shape ?? candidate.in?.shape;
  if (!shape || typeof shape !== 'object') return undefined;
  return {
    safeParse: (input) => (candidate.safeParse as ZodObjectLike['safeParse'])(input),
    shape: shape as Record<string, unknown>,
  };
}

/** apps/<app>/src/config/*.config.ts → the exported zod schema (by name `…ConfigSchema` first). */
async function loadAppConfigSchema(
  app: string,
): Promise<{ file: string; exportName: string; schema: ZodObjectLike }> {
  const dir = path.join(REPO_ROOT, 'apps', app, 'src', 'config');
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.config.ts'))
    : [];
  for (const file of files) {
    const exported = (await import(path.join(dir, file))) as Record<string, unknown>;
    const names = Object.keys(exported).sort(
      (a, b) => Number(/ConfigSchema$/.test(b)) - Number(/ConfigSchema$/.test(a)),
    );
    for (const exportName of names) {
      const schema = asObjectSchema(exported[exportName]);
      if (schema)
        return { file: path.relative(REPO_ROOT, path.join(dir, file)), exportName, schema };
    }
  }
  throw new Error(
    `no zod config schema exported from apps/${app}/src/config/*.config.ts (is the app written yet?)`,
  );
}

describe('docker-compose.yml (static checks; CI has no Docker engine)', () => {
  describe.each(APPS)('%s', (app) => {
    const service = services[app];

    it('is a service built from the one app Dockerfile for this app and port, with a health check on /health/ready', () => {
      expect(service).toBeDefined();
      expect(service.build).toEqual(
        expect.objectContaining({
          context: '.',
          dockerfile: APP_DOCKERFILE,
          args: { APP: app, PORT: env(app).PORT },
        }),
      );
      const check = healthcheckCommand(service);
      expect(check).toContain('/health/ready');
      // The check asks the port the app listens on, read from its own environment.
      expect(check).toContain('process.env.PORT');
      expect(env(app).PORT).toMatch(/^\d+$/);
    });

    it('starts only after the infrastructure it uses is healthy and the migrate step has completed', () => {
      const deps = dependenciesOf(service);
      const vars = env(app);
      expect(deps[MIGRATE]).toBe('service_completed_successfully');
      const needed = [
        ...(vars.KAFKA_BROKERS ? BROKERS : []),
        ...(vars.DATABASE_URL ? ['postgres'] : []),
        ...(vars.REDIS_URL ? ['redis'] : []),
      ];
      expect(needed.length).toBeGreaterThan(0);
      for (const infra of needed)
        expect({ infra, condition: deps[infra] }).toEqual({ infra, condition: 'service_healthy' });
      // Whatever infrastructure it waits for, it waits for it to be healthy, not merely started.
      for (const [name, condition] of Object.entries(deps)) {
        if (INFRASTRUCTURE.includes(name))
          expect({ name, condition }).toEqual({ name, condition: 'service_healthy' });
      }
    });

    it('publishes, if anything, the port the app listens on', () => {
      for (const port of containerPortsOf(service)) expect(port).toBe(Number(env(app).PORT));
    });

    it("has an environment that the app's own zod config schema accepts, with no variable the schema does not know", async () => {
      const { file, exportName, schema } = await loadAppConfigSchema(app);
      const vars = env(app);
      const result = schema.safeParse(vars);
      const problems = (result.error?.issues ?? []).map(
        (i) => `${i.path.map(String).join('.')}: ${i.message}`,
      );
      expect({ schema: `${file}#${exportName}`, problems }).toEqual({
        schema: `${file}#${exportName}`,
        problems: [],
      });
      const unknown = Object.keys(vars).filter((name) => !(name in schema.shape));
      expect({ schema: `${file}#${exportName}`, unknown }).toEqual({
        schema: `${file}#${exportName}`,
        unknown: [],
      });
    });
  });

  it('health-checks every infrastructure service', () => {
    for (const name of INFRASTRUCTURE)
      expect({ name, check: Boolean(healthcheckCommand(services[name] ?? {})) }).toEqual({
        name,
        check: true,
      });
  });

  describe('Kafka', () => {
    it(`runs three official apache/kafka ${DEFAULT_KAFKA_VERSION} brokers, the version dev/infra runs`, () => {
      const kafkaServices = Object.entries(services).filter(([, s]) =>
        s.image?.startsWith('apache/kafka'),
      );
      expect(kafkaServices.map(([name]) => name).sort()).toEqual(BROKERS);
      for (const [, s] of kafkaServices)
        expect(s.image).toBe(`apache/kafka:${DEFAULT_KAFKA_VERSION}`);
    });

    it('forms one KRaft quorum of three combined broker+controller nodes with unique ids', () => {
      const ids = BROKERS.map((b) => env(b).KAFKA_NODE_ID);
      expect(new Set(ids).size).toBe(3);
      expect(new Set(BROKERS.map((b) => env(b).CLUSTER_ID)).size).toBe(1);
      for (const broker of BROKERS) {
        const vars = env(broker);
        expect(vars.KAFKA_PROCESS_ROLES.split(',').sort()).toEqual(['broker', 'controller']);
        const voters = vars.KAFKA_CONTROLLER_QUORUM_VOTERS.split(',').map((v) => {
          const [id, address] = v.split('@');
          return { id, host: address.split(':')[0] };
        });
        expect(voters).toHaveLength(3);
        // Every voter is one of the brokers, under its own node id.
        expect(voters.map((v) => `${v.id}@${v.host}`).sort()).toEqual(
          BROKERS.map((b) => `${env(b).KAFKA_NODE_ID}@${b}`).sort(),
        );
        // Clients inside the network reach each broker under its service name.
        expect(vars.KAFKA_ADVERTISED_LISTENERS).toContain(`PLAINTEXT://${broker}:9092`);
      }
    });

    it('defaults to replication factor 3, min ISR 2, no unclean leader election and no auto-created topics', () => {
      for (const broker of BROKERS) {
        expect(env(broker)).toEqual(
          expect.objectContaining({
            KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
            KAFKA_MIN_INSYNC_REPLICAS: '2',
            KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: 'false',
            KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
            KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
            KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '2',
          }),
        );
      }
    });

    it(`provisions ${TOPICS.tollCharges} with replication factor 3 and min ISR 2`, () => {
      expect(TOPIC_SPECS.map((s) => s.name)).toContain(TOPICS.tollCharges);
      const vars = env(MIGRATE);
      expect(
        vars.KAFKA_BROKERS.split(',')
          .map((b) => b.split(':')[0])
          .sort(),
      ).toEqual(BROKERS);
      expect({ rf: vars.KAFKA_REPLICATION_FACTOR, minIsr: vars.KAFKA_MIN_INSYNC_REPLICAS }).toEqual(
        { rf: '3', minIsr: '2' },
      );
      // Even without those variables, provisioning derives the same from the broker count.
      expect(defaultReplication(BROKERS.length)).toEqual({
        replicationFactor: 3,
        minInsyncReplicas: 2,
      });
    });
  });

  it('runs Redis with the noeviction policy (BullMQ must never lose a scheduled retry)', () => {
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:7/);
    const command = Array.isArray(redis.command)
      ? redis.command.join(' ')
      : String(redis.command ?? '');
    expect(command).toMatch(/--maxmemory-policy[ =]noeviction/);
  });

  it('runs a one-shot migrate step (migrations, then topics) after healthy Postgres and brokers', () => {
    const migrate = services[MIGRATE];
    expect(migrate.restart).toBe('no');
    const deps = dependenciesOf(migrate);
    for (const infra of ['postgres', ...BROKERS])
      expect({ infra, condition: deps[infra] }).toEqual({ infra, condition: 'service_healthy' });
    const dockerfile = typeof migrate.build === 'object' ? migrate.build.dockerfile : undefined;
    expect(dockerfile).toBeDefined();
    const entry =
      readDockerfile(path.join(REPO_ROOT, dockerfile as string))
        .instructions.filter((l) => /^CMD\s/i.test(l))
        .at(-1) ?? '';
    const scriptPath = /docker\/[\w/.-]+\.sh/.exec(entry)?.[0];
    expect(scriptPath).toBeDefined();
    const script = fs.readFileSync(path.join(REPO_ROOT, scriptPath as string), 'utf8');
    expect(script.indexOf('db:migrate')).toBeGreaterThan(-1);
    expect(script.indexOf('kafka:provision')).toBeGreaterThan(script.indexOf('db:migrate'));
    expect(script).toMatch(/set -e/);
  });

  it('refers only to npm scripts that package.json defines', () => {
    const { scripts } = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
    ) as { scripts: Record<string, string> };
    const missing = ['db:migrate', 'db:generate', 'kafka:provision'].filter(
      (name) => !scripts[name],
    );
    expect({ missing }).toEqual({ missing: [] });
  });
});

describe('Dockerfiles', () => {
  const { dependencies } = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
  ) as {
    dependencies: Record<string, string>;
  };

  it('the migrate one-shot runs TypeScript scripts, so its loader is a production dependency', () => {
    expect(Object.keys(dependencies)).toEqual(
      expect.arrayContaining(['@swc-node/register', '@swc/core']),
    );
  });

  it('every package the compiled apps import is a production dependency (the images prune dev dependencies)', () => {
    const undeclared = [...packagesImportedByTheBuild()].filter((name) => !(name in dependencies));
    expect({ undeclared }).toEqual({ undeclared: [] });
  });

  describe(`${APP_DOCKERFILE} (one for every app)`, () => {
    const file = path.join(REPO_ROOT, APP_DOCKERFILE);

    it('is multi-stage, installs from the lockfile, generates Prisma, and runs node:20-slim as a non-root user', () => {
      expect(fs.existsSync(file)).toBe(true);
      const dockerfile = readDockerfile(file);
      expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
      expect(dockerfile.stages.at(-1)).toBe('node:20-slim');
      expect(dockerfile.user).toBeDefined();
      expect(['root', '0']).not.toContain(dockerfile.user?.split(':')[0]);
      const text = dockerfile.instructions.join('\n');
      expect(text).toMatch(/npm ci --ignore-scripts\b/);
      // --ignore-scripts skips the postinstall, so the KafkaJS patch is applied explicitly.
      expect(text).toMatch(/npx patch-package/);
      expect(text).toMatch(/COPY patches \.\/patches/);
      expect(text).toMatch(/npm run db:generate/);
      expect(text).toMatch(/npm run build/);
      expect(text).toMatch(/npm prune --omit=dev/);
      expect(text).toMatch(/NODE_ENV=production/);
      expect(dockerfile.hasHealthcheck).toBe(true);
      // The app and its port come from the build args compose passes (checked per service above).
      expect(text).toMatch(/ARG APP\b/);
      expect(text).toMatch(/PORT=\$\{PORT\}/);
      expect(text).toMatch(/COPY apps\/\$\{APP\} \.\/apps\/\$\{APP\}/);
      const cmd = dockerfile.instructions.filter((l) => /^CMD\s/i.test(l)).at(-1);
      // The compiled app (npm run build), not TypeScript compiled at start-up; exec, so node gets SIGTERM.
      expect(cmd).toContain(
        `exec node ${APP_HEAP_FLAGS.join(' ')} "dist/apps/\${APP}/src/main.js"`,
      );
      expect(cmd).not.toContain('@swc-node/register');
    });

    it('is the only app Dockerfile (no per-app copies to drift apart)', () => {
      const copies = fs
        .readdirSync(path.join(REPO_ROOT, 'apps'))
        .filter((app) => fs.existsSync(path.join(REPO_ROOT, 'apps', app, 'Dockerfile')));
      expect(copies).toEqual([]);
    });

    it.each(APPS)('builds %s: the app folder exists and has a main.ts', (app) => {
      expect(fs.existsSync(path.join(REPO_ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    });
  });

  it('docker/migrate/Dockerfile (the one-shot) is multi-stage and runs as a non-root user', () => {
    const dockerfile = readDockerfile(path.join(REPO_ROOT, 'docker/migrate/Dockerfile'));
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile.stages.at(-1)).toBe('node:20-slim');
    expect(['root', '0', undefined]).not.toContain(dockerfile.user?.split(':')[0]);
  });
});

/**
 * Bare package names imported at run time by what `npm run build` compiles
 * (tsconfig.build.json: apps/*\/src and libs/*\/src, without specs; the
 * test-only code lives in dev/, outside both). Type-only imports are erased by
 * the compiler and skipped.
 */
function packagesImportedByTheBuild(): Set<string> {
  const { include, exclude } = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'tsconfig.build.json'), 'utf8'),
  ) as { include: string[]; exclude: string[] };
  expect(include).toEqual(['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts']);
  // No lib is left out of the build: every apps/*/src and libs/*/src is scanned.
  expect(exclude).toEqual(['node_modules', 'dist', '**/*.spec.ts']);
  const roots = ['apps', 'libs'].flatMap((top) =>
    fs.readdirSync(path.join(REPO_ROOT, top)).map((name) => path.join(REPO_ROOT, top, name, 'src')),
  );
  const builtins = new Set(builtinModules);
  const names = new Set<string>();
  const importPattern =
    /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const root of roots.filter((r) => fs.existsSync(r))) {
    for (const entry of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!entry.endsWith('.ts') || entry.endsWith('.spec.ts')) continue;
      const source = fs.readFileSync(path.join(root, entry), 'utf8');
      for (const match of source.matchAll(importPattern)) {
        const specifier = match[1] ?? match[2];
        if (specifier.startsWith('.') || specifier.startsWith('@paystream/')) continue;
        if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])) continue;
        const parts = specifier.split('/');
        names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
      }
    }
  }
  // The scan must see the framework, or it is scanning nothing.
  expect(names).toContain('@nestjs/core');
  return names;
}
