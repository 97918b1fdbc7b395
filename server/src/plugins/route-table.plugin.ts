/**
 * Keeps the table of every route the app registers (method, URL, schema), so a test can check
 * that each one declares its schemas and appears in the OpenAPI description.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifySchema } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
  schema?: FastifySchema & { hide?: boolean; response?: Record<string, unknown> };
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

async function routeTablePlugin(app: FastifyInstance): Promise<void> {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      table.push({ method, url: route.url, schema: route.schema as RouteEntry['schema'] });
    }
  });
}

export default fp(routeTablePlugin, { name: 'route-table' });
