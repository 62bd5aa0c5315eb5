import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../support/fixtures';

/**
 * There is no Docker engine on the CI machines, so the compose file is checked
 * structurally here (and by `docker-compose config` where that is installed).
 */
const compose = YAML.parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true });

describe('docker-compose.yml', () => {
  it('has PostgreSQL with a volume and a health check', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toMatch(/^postgres:/);
    expect(pg.volumes.some((v: string) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(pg.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('runs the API/scheduler with a /health check, after PostgreSQL is healthy', () => {
    const app = compose.services.app;
    expect(app.command).toContain('start');
    expect(app.healthcheck.test.join(' ')).toContain('/health');
    expect(app.depends_on.postgres.condition).toBe('service_healthy');
    expect(app.environment.DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  it('has a worker service that can be scaled (no fixed name or host port)', () => {
    const worker = compose.services.worker;
    expect(worker.command[0]).toBe('worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    // The health check reads the worker's own /metrics, on the port its command opens.
    const port = worker.command[worker.command.indexOf('--metrics-port') + 1];
    expect(worker.healthcheck.test.join(' ')).toContain(`127.0.0.1:${port}/metrics`);
  });

  const dc = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  it.runIf(dc.status === 0)('passes `docker-compose config`', () => {
    const r = spawnSync('docker-compose', ['-f', path.join(repoRoot, 'docker-compose.yml'), 'config', '-q'], {
      encoding: 'utf8',
      cwd: repoRoot,
    });
    // The config volume points at ./repwatch.yaml, which need not exist for validation.
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
