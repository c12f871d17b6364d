/** Injection token for the working-day calendar (`WorkingDays` of @opc/kernel). */
export const WORKING_DAYS = Symbol('WORKING_DAYS');
