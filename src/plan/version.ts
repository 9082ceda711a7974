/**
 * The plan format's version (README "Plan format"), apart from the zod schema so that the
 * compiler, which stamps it on every plan, does not load zod.
 */
export const PLAN_VERSION = 3;
