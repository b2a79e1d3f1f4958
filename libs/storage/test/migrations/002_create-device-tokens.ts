import type { MigrationBuilder } from 'node-pg-migrate';

/** A TypeScript migration beside the SQL one, to prove both kinds load. */
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('device_tokens', {
    token: { type: 'text', primaryKey: true },
    device_id: { type: 'text', notNull: true, references: 'devices', onDelete: 'CASCADE' },
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('device_tokens');
}
