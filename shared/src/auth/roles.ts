/**
 * Access roles in an organisation and what each may do. One table, used by the server to enforce
 * and by the client to decide what to offer.
 */

/** pilote: owner (everything, manages members); membre: editor; commentateur: reads and
 * comments; lecteur: reads. */
export const ROLES = ['pilote', 'membre', 'commentateur', 'lecteur'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'cycle.read': ['pilote', 'membre', 'commentateur', 'lecteur'],
  'cycle.edit': ['pilote', 'membre'],
  'cycle.comment': ['pilote', 'membre', 'commentateur'],
  'cycle.create': ['pilote'],
  'cycle.export': ['pilote', 'membre', 'commentateur', 'lecteur'],
  'cycle.import': ['pilote', 'membre'],
  'cycle.freeze': ['pilote'],
  'members.read': ['pilote', 'membre', 'commentateur', 'lecteur'],
  'members.manage': ['pilote'],
  'audit.read': ['pilote'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS_FR: Record<Role, string> = {
  pilote: 'Pilote',
  membre: 'Membre',
  commentateur: 'Commentateur',
  lecteur: 'Lecteur',
};

export function isRole(value: unknown): value is Role {
  return ROLES.includes(value as Role);
}
