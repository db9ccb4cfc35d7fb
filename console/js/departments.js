// The 16 departments of Catamarca, as the alert API names them (ids of the national georeference dataset).
// A copy of dialogs/data/catamarca-departments.json, which the page cannot import: the console suite checks
// that both lists say the same.

export const DEPARTMENTS = Object.freeze([
    { id: '10007', name: 'Ambato' },
    { id: '10014', name: 'Ancasti' },
    { id: '10021', name: 'Andalgalá' },
    { id: '10028', name: 'Antofagasta de la Sierra' },
    { id: '10035', name: 'Belén' },
    { id: '10042', name: 'Capayán' },
    { id: '10049', name: 'Capital' },
    { id: '10056', name: 'El Alto' },
    { id: '10063', name: 'Fray Mamerto Esquiú' },
    { id: '10070', name: 'La Paz' },
    { id: '10077', name: 'Paclín' },
    { id: '10084', name: 'Pomán' },
    { id: '10091', name: 'Santa María' },
    { id: '10098', name: 'Santa Rosa' },
    { id: '10105', name: 'Tinogasta' },
    { id: '10112', name: 'Valle Viejo' }
]);

const NAMES = new Map(DEPARTMENTS.map((d) => [d.id, d.name]));

/** A department's name; an unknown id as given. */
export function departmentName(id) {
    return NAMES.get(id) || String(id);
}
