import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection from here (CLI only). `prisma generate` needs no database.
// Migrations are applied by our own runner (lib/database/migrate.ts), see DESIGN.md §10.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/educonnect' },
});
