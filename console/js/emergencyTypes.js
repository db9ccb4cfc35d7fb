// The emergency types of the report, as the API names them. A copy of dialogs/data/emergency-types.json, which the
// page cannot import: the console suite checks that both lists say the same.

export const EMERGENCY_TYPES = Object.freeze([
    { id: 'people_trapped', label: 'Personas atrapadas' },
    { id: 'structure_fire', label: 'Incendio de vivienda' },
    { id: 'flood', label: 'Inundación' },
    { id: 'flash_flood', label: 'Crecida o aluvión' },
    { id: 'wildfire', label: 'Incendio forestal' },
    { id: 'storm_damage', label: 'Temporal o viento' },
    { id: 'landslide', label: 'Derrumbe' },
    { id: 'hazmat', label: 'Materiales peligrosos' },
    { id: 'earthquake', label: 'Sismo' },
    { id: 'fallen_lines', label: 'Árboles o cables caídos' },
    { id: 'hail_snow', label: 'Granizo o nevada' },
    { id: 'road_blocked', label: 'Corte de ruta' },
    { id: 'other', label: 'Otra emergencia' }
]);
