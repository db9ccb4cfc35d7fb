/**
 * What each simulated citizen says in the full-turn benchmarks: the start of a report (greeting, name,
 * department) and then "cancelar", so every turn is a real dialog step on stored state and the conversation
 * ends without a handoff (after a handoff the bot would stay silent). Every citizen is new, so each run of
 * the script behaves the same.
 */
export const CITIZEN_SCRIPT: readonly string[] = ['hola', 'Ana Gómez', 'valle viejo', 'cancelar'];
