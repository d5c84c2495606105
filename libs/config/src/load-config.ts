import { z } from 'zod';
import { InvalidConfigError } from './invalid-config.error';

/**
 * Validates `env` against an app's schema. Every problem names the variable,
 * so a missing or malformed setting stops the app with a message a person can act on.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(root)',
    reason: issue.message,
  }));
  throw new InvalidConfigError(service, problems);
}

/** Like loadConfig, but prints the problems and exits: for main.ts files. */
export function loadConfigOrExit<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  try {
    return loadConfig(service, schema, env);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(
        JSON.stringify({ level: 'fatal', service, msg: error.message, problems: error.problems }) +
          '\n',
      );
      process.exit(78); // EX_CONFIG from sysexits.h
    }
    throw error;
  }
}
