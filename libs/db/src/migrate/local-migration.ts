/** A migration folder under prisma/migrations, in Prisma's layout. */
export interface LocalMigration {
  /** folder name, e.g. `20261124053000_init`: also `_prisma_migrations.migration_name` */
  name: string;
  /** the migration.sql text */
  script: string;
  /** sha256 hex of migration.sql's bytes */
  checksum: string;
}
