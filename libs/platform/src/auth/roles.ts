import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';

import { ROLES, type Role } from './role-names';

export { ROLES, type Role };

/** The authenticated caller, from the JWT. */
export interface Principal {
  id: string;
  roles: Role[];
  /** For the member role: the member it is. */
  memberId?: string;
}

export const ROLES_KEY = 'opc:roles';
export const PUBLIC_KEY = 'opc:public';
export const OWN_MEMBER_PARAM_KEY = 'opc:own-member-param';

/** Roles allowed on a route (and named in its OpenAPI). `member` is allowed only on its own records (see `OwnMember`). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles), ApiBearerAuth());
/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** For the member role: the route parameter naming the member, which must be the caller's own. */
export const OwnMember = (param = 'id') => SetMetadata(OWN_MEMBER_PARAM_KEY, param);
export const MEMBER_SCOPED_KEY = 'opc:member-scoped';
/** For the member role on a list: allowed, and the handler narrows the list to the member's own records (`@ReadScope()`). */
export const MemberScoped = () => SetMetadata(MEMBER_SCOPED_KEY, true);

/** Reads of members, history, lists, deadlines, dashboard (docs/roles.md). */
export const READERS: Role[] = ['admin', 'recruiter', 'officer', 'scorer', 'appeal-handler', 'viewer'];

/** The role recorded as the actor's role in an event: the first of the caller's roles that the route allows. */
export const actingRole = (principal: Principal, allowed: readonly Role[] | undefined): Role =>
  principal.roles.find((r) => !allowed || allowed.includes(r)) ?? principal.roles[0];
