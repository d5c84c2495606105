export * from './random-name';
export * from './net';
export * from './wait/wait-until';
export * from './app-processes/app-process';
export * from './app-processes/compiled-apps';
export * from './app-processes/repo-root';
export * from './kafka';
export * from './wait/test-budget';
