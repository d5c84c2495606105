import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The parts of a Compose service this project's checks read. */
export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: Array<string | { target?: number; published?: string | number }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const COMPOSE_PATH = path.join(REPO_ROOT, 'docker-compose.yml');

/**
 * `${NAME:-default}` / `${NAME-default}` / `${NAME}` as Compose interpolates
 * them, always with the default: the check must not depend on the shell that
 * runs it. `$$` is Compose's escape for a literal `$`.
 */
export function interpolateDefaults(text: string): string {
  return text
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
      (_match, _name: string, fallback?: string) => fallback ?? '',
    )
    .replace(/\$\$/g, '$');
}

/** docker-compose.yml parsed as Compose reads it: defaults interpolated, `<<` merge keys applied. */
export function loadComposeFile(file = COMPOSE_PATH): ComposeFile {
  const parsed = parse(interpolateDefaults(fs.readFileSync(file, 'utf8')), {
    merge: true,
  }) as ComposeFile;
  if (!parsed || typeof parsed.services !== 'object') throw new Error(`${file} has no services`);
  return parsed;
}

/** A service's environment as the container sees it: every value a string. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

/** depends_on in its long form (the short list form means `service_started`). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const raw = service.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(raw).map(([name, spec]) => [name, spec?.condition ?? 'service_started']),
  );
}

/** The healthcheck test as one string, whichever form Compose was given. */
export function healthcheckCommand(service: ComposeService): string | undefined {
  const check = service.healthcheck;
  if (!check || check.disable || check.test === undefined) return undefined;
  const test = Array.isArray(check.test) ? check.test : ['CMD-SHELL', check.test];
  if (test[0] === 'NONE') return undefined;
  return test.slice(1).join(' ');
}

/** The container port of each `ports:` entry ("host:container", "ip:host:container/proto" or long form). */
export function containerPortsOf(service: ComposeService): number[] {
  return (service.ports ?? []).map((entry) => {
    if (typeof entry === 'object') return Number(entry.target);
    const withoutProtocol = entry.split('/')[0];
    return Number(withoutProtocol.split(':').pop());
  });
}

export interface DockerfileSummary {
  /** Images of every FROM, in order. */
  stages: string[];
  /** Last USER instruction, if any. */
  user?: string;
  hasHealthcheck: boolean;
  instructions: string[];
}

/** Just enough Dockerfile parsing for static checks: logical lines, continuations joined. */
export function readDockerfile(file: string): DockerfileSummary {
  const logical = fs
    .readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = logical.filter((l) => /^FROM\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
  const users = logical.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
  return {
    stages,
    user: users.at(-1),
    hasHealthcheck: logical.some((l) => /^HEALTHCHECK\s+(?!NONE)/i.test(l)),
    instructions: logical,
  };
}
