import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { authorize, authorizeAny, hasCapability, inManagerScope, type Capability, type Subject } from './policy';
import type { Principal } from './types';

const p = (role: Principal['role'], scope: Principal['scope'] = {}): Principal => ({ keyId: 1, name: role, role, scope });
const company: Subject = { kind: 'company', id: 1 };
const north: Subject = { kind: 'location', id: 10 };
const south: Subject = { kind: 'location', id: 20 };
const mike: Subject = { kind: 'person', id: 100, locationId: 10, team: 'north-sales' };
const dave: Subject = { kind: 'person', id: 200, locationId: 20, team: 'south-sales' };

function code(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as AppError).code;
  }
}

describe('access policy', () => {
  it('gives each role exactly its capabilities', () => {
    const all: Capability[] = ['read', 'read:cx', 'decide:attributions', 'manage:alerts', 'write:entities', 'write:cx'];
    const table = Object.fromEntries((['admin', 'leadership', 'marketing', 'manager'] as const).map((r) => [r, all.filter((c) => hasCapability(r, c))]));
    expect(table).toEqual({
      admin: all,
      leadership: ['read', 'read:cx'],
      marketing: ['read', 'read:cx'],
      manager: ['read', 'read:cx', 'decide:attributions', 'manage:alerts'],
    });
  });

  it('keeps person-level CX from marketing but not company or location CX', () => {
    const m = p('marketing');
    expect(code(() => authorize(m, 'read:cx', company))).toBeNull();
    expect(code(() => authorize(m, 'read:cx', north))).toBeNull();
    expect(code(() => authorize(m, 'read:cx', mike))).toBe('FORBIDDEN');
    expect(code(() => authorize(m, 'read', mike))).toBeNull();
  });

  it('limits a manager to their locations and teams', () => {
    const byLocation = p('manager', { locationIds: [10] });
    expect(code(() => authorize(byLocation, 'read', north))).toBeNull();
    expect(code(() => authorize(byLocation, 'read', mike))).toBeNull();
    expect(code(() => authorize(byLocation, 'read:cx', mike))).toBeNull();
    expect(code(() => authorize(byLocation, 'read', south))).toBe('FORBIDDEN');
    expect(code(() => authorize(byLocation, 'read', dave))).toBe('FORBIDDEN');
    expect(code(() => authorize(byLocation, 'read', company))).toBe('FORBIDDEN');
    const byTeam = p('manager', { teams: ['south-sales'] });
    expect(inManagerScope(byTeam, dave)).toBe(true);
    expect(inManagerScope(byTeam, south)).toBe(false);
    expect(inManagerScope(byTeam, { kind: 'team', name: 'south-sales' })).toBe(true);
    expect(inManagerScope(byTeam, { kind: 'team', name: 'north-sales' })).toBe(false);
  });

  it('refuses writes to read-only roles whatever the subject', () => {
    expect(code(() => authorize(p('leadership'), 'write:entities', north))).toBe('FORBIDDEN');
    expect(code(() => authorize(p('marketing'), 'write:cx', company))).toBe('FORBIDDEN');
    expect(code(() => authorize(p('manager', { locationIds: [10] }), 'write:entities', north))).toBe('FORBIDDEN');
    expect(code(() => authorize(p('admin'), 'write:cx', company))).toBeNull();
  });

  it('authorizeAny passes when one subject is covered', () => {
    const m = p('manager', { locationIds: [10] });
    expect(code(() => authorizeAny(m, 'read', [company, south, mike]))).toBeNull();
    expect(code(() => authorizeAny(m, 'read', [company, south]))).toBe('FORBIDDEN');
  });
});
