import catalog from './data/texts.es-AR.json';
import { RequestKind, RequestState } from './types';

/** Every citizen-facing text of the requests feature, from its own JSON catalog (an agency can reword it without code). */
export type RequestTextKey = Exclude<keyof typeof catalog, 'about'>;

export const requestTexts: Readonly<Record<RequestTextKey, string>> = catalog;

/** A catalog text with its {placeholders} filled in; unknown placeholders are left visible on purpose. */
export function requestText(key: RequestTextKey, values: Record<string, string | number> = {}): string {
    return requestTexts[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
    );
}

const STATE_LABEL_KEY: Record<RequestState, RequestTextKey> = {
    recibida: 'stateRecibida',
    en_evaluacion: 'stateEnEvaluacion',
    programada: 'stateProgramada',
    resuelta: 'stateResuelta',
    rechazada: 'stateRechazada'
};

const KIND_LABEL_KEY: Record<RequestKind, RequestTextKey> = {
    poda: 'kindPoda',
    limpieza: 'kindLimpieza',
    inspeccion: 'kindInspeccion',
    materiales: 'kindMateriales',
    otro: 'kindOtro'
};

/** "En evaluación" for en_evaluacion. */
export function stateLabel(state: RequestState): string {
    return requestTexts[STATE_LABEL_KEY[state]];
}

/** "Inspección" for inspeccion (also the button title). */
export function kindLabel(kind: RequestKind): string {
    return requestTexts[KIND_LABEL_KEY[kind]];
}
