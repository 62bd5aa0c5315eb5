import { AppError } from '../core/errors';
import type { Role } from '../db/types';
import type { Principal } from './types';

/**
 * The access policy, in one place. Every route states what it needs (a
 * capability) and about what (subjects: the entities whose data it returns or
 * changes); this module answers yes or throws 403. Nothing is filtered
 * silently: a caller who may not see something gets 403, never an empty list.
 *
 *  | capability          | admin | leadership | marketing              | manager        |
 *  | read                | yes   | yes        | yes                    | own scope      |
 *  | read:cx             | yes   | yes        | not person-level       | own scope      |
 *  | decide:attributions | yes   | no         | no                     | own scope      |
 *  | manage:alerts       | yes   | no         | no                     | own scope      |
 *  | write:entities      | yes   | no         | no                     | no             |
 *  | write:cx            | yes   | no         | no                     | no             |
 *
 * "read" covers the public side: entities, reviews, trends, rankings, themes,
 * alerts, targets and crawl health. A manager's scope is the key's locationIds
 * (those locations and everyone working there) and teams (those people, wherever
 * they sit). The company as a whole is outside every manager's scope.
 */
export type Capability = 'read' | 'read:cx' | 'decide:attributions' | 'manage:alerts' | 'write:entities' | 'write:cx';

export type Subject =
  | { kind: 'company'; id: number }
  | { kind: 'location'; id: number }
  | { kind: 'person'; id: number; locationId: number | null; team: string | null }
  | { kind: 'team'; name: string };

const grants: Record<Role, ReadonlySet<Capability>> = {
  admin: new Set<Capability>(['read', 'read:cx', 'decide:attributions', 'manage:alerts', 'write:entities', 'write:cx']),
  leadership: new Set<Capability>(['read', 'read:cx']),
  marketing: new Set<Capability>(['read', 'read:cx']),
  manager: new Set<Capability>(['read', 'read:cx', 'decide:attributions', 'manage:alerts']),
};

const verbs: Record<Capability, string> = {
  read: 'read this',
  'read:cx': 'read internal CX scores',
  'decide:attributions': 'decide attributions',
  'manage:alerts': 'acknowledge or mute alerts',
  'write:entities': 'change locations, people or targets',
  'write:cx': 'import or delete CX scores',
};

export function hasCapability(role: Role, capability: Capability): boolean {
  return grants[role].has(capability);
}

export function describeSubject(s: Subject): string {
  return s.kind === 'team' ? `team "${s.name}"` : `${s.kind} ${s.id}`;
}

/** Whether a manager key's scope covers the subject (other roles have no scope). */
export function inManagerScope(principal: Principal, s: Subject): boolean {
  const locations = principal.scope.locationIds ?? [];
  const teams = principal.scope.teams ?? [];
  switch (s.kind) {
    case 'company':
      return false;
    case 'location':
      return locations.includes(s.id);
    case 'team':
      return teams.includes(s.name);
    case 'person':
      return (s.locationId !== null && locations.includes(s.locationId)) || (s.team !== null && teams.includes(s.team));
  }
}

/** Throws 403 unless the principal's role has the capability at all (checked before input validation). */
export function assertCapability(principal: Principal, capability: Capability): void {
  if (!hasCapability(principal.role, capability))
    throw new AppError('FORBIDDEN', `A ${principal.role} key may not ${verbs[capability]}.`, { role: principal.role, capability });
}

/** Throws 403 unless the principal may use the capability on every one of the subjects. */
export function authorize(principal: Principal, capability: Capability, subjects: Subject | readonly Subject[]): void {
  assertCapability(principal, capability);
  const list = Array.isArray(subjects) ? (subjects as readonly Subject[]) : [subjects as Subject];
  for (const s of list) {
    if (principal.role === 'marketing' && capability === 'read:cx' && (s.kind === 'person' || s.kind === 'team'))
      throw new AppError('FORBIDDEN', `A marketing key may not read internal CX scores of individuals (${describeSubject(s)}).`, {
        role: principal.role,
        capability,
      });
    if (principal.role === 'manager' && !inManagerScope(principal, s))
      throw new AppError('FORBIDDEN', `This manager key does not cover ${describeSubject(s)}.`, { role: principal.role, capability });
  }
}

/**
 * For records that belong to several entities at once (a review counts for its
 * location and for the people it is attributed to): allowed if any of them is.
 */
export function authorizeAny(principal: Principal, capability: Capability, subjects: readonly Subject[]): void {
  assertCapability(principal, capability);
  let firstError: unknown;
  for (const s of subjects) {
    try {
      authorize(principal, capability, s);
      return;
    } catch (e) {
      firstError ??= e;
    }
  }
  throw firstError ?? new AppError('FORBIDDEN', 'This key does not cover this record.');
}
