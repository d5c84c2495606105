/**
 * V8 heap limits every app runs with, here (tests, bench, demo, `npm start`)
 * and in the image (docker/app.Dockerfile's CMD, held to the same flags by
 * test/compose). Left alone, V8 grows the heap with the machine's memory, not
 * the app's needs: db-sink peaked at 350 MB resident draining 100k results.
 * With these it peaked at 206 MB at the same throughput (a 64 MB old space
 * halved it: the collector ran all the time). A later flag from
 * PAYSTREAM_APP_NODE_ARGS overrides these.
 */
export const APP_HEAP_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=4'] as const;
