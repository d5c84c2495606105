#!/bin/sh
# docker compose `migrate` one-shot: the apps start only after this exits 0
# (depends_on: condition: service_completed_successfully).
# Both steps are idempotent, so `docker compose up` can run it on every start.
set -eu

echo "migrate: applying prisma/migrations to the database"
npm run --silent db:migrate

echo "migrate: provisioning Kafka topics (RF ${KAFKA_REPLICATION_FACTOR:-?}, min ISR ${KAFKA_MIN_INSYNC_REPLICAS:-?})"
npm run --silent kafka:provision

echo "migrate: done"
