/**
 * A program the infrastructure needs (java, mvn, redis-server ...) is not on
 * this machine. The message always says what to install, because the person
 * reading it is usually setting up a new laptop or CI image.
 */
export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    readonly installHint: string,
    detail?: string,
  ) {
    super(
      `${tool} is required but ${detail ?? 'was not found on PATH'}. Install it: ${installHint}`,
    );
    this.name = 'MissingToolError';
  }
}

export const JAVA_AND_MAVEN_HINT =
  'a Java 17+ JRE and Maven, e.g. `apt-get install openjdk-17-jre-headless maven` ' +
  '(macOS: `brew install openjdk@17 maven`)';

export const REDIS_HINT =
  'Redis 7, e.g. `apt-get install redis-server` (macOS: `brew install redis`), ' +
  'or point REDIS_URL at a running Redis';
