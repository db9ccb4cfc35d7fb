import type { TypeReading } from '../types';
import type { UrgencyVerdict } from '../urgency';

/**
 * Hazards that only set the scene of an emergency of the body, by its kind: a fall while the creek rose, a birth on a
 * road the river cut, a seizure ("tiembla", "se sacude" read as a quake). The corpus guide makes a fall or an illness
 * `other`; on its dev split each pair listed is labelled `other` at least twice as often as the hazard's type.
 */
const SCENE_OF: Readonly<Partial<Record<NonNullable<UrgencyVerdict['kind']>, ReadonlySet<string>>>> = {
    fall: new Set(['flash_flood', 'landslide', 'hail_snow', 'earthquake', 'storm_damage']),
    medical: new Set(['road_blocked', 'earthquake']),
    not_breathing: new Set(['earthquake']),
    electrocution: new Set(['earthquake']),
    missing: new Set(['storm_damage'])
};

/** What trembles in a quake, right after the verb: "está temblando la casa", "se sacuden las paredes". */
const SHAKEN = /^\W*(?:\p{L}+\W+){0,2}(?:casa|casas|paredes|pared|tierra|edificio|vidrios|techo|cerro)\b/iu;

/** "mi papá se cayó del techo arreglando las chapas después del viento": the body's emergency is the type. */
export function theBodyOverTheScene(types: TypeReading[], urgency: UrgencyVerdict, text: string): TypeReading[] {
    if (urgency.byModel || !urgency.kind || !urgency.evidence || types.length === 0) return types;
    const [first] = types;
    if (!SCENE_OF[urgency.kind]?.has(first.id)) return types;
    // a quake named, or the house said to shake, is the quake whatever else happens
    if (
        first.id === 'earthquake' &&
        (/sismo|terremoto|temblor/i.test(first.evidence.text) ||
            SHAKEN.test(` ${first.evidence.text.replace(/^\S+/, '')}${text.slice(first.evidence.end)}`))
    )
        return types;
    return [{ id: 'other', evidence: urgency.evidence }];
}
