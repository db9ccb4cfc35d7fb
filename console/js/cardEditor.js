// The operator's correction of a case card: a small form under the card; only the fields changed are sent.
import { DEPARTMENTS } from './departments.js';
import { el } from './dom.js';
import { EMERGENCY_TYPES } from './emergencyTypes.js';

const PRIORITIES = [
    ['critical', 'Crítica'],
    ['high', 'Alta'],
    ['normal', 'Normal']
];
const VULNERABLE = [
    ['bebe', 'Bebé'],
    ['nino', 'Niño o niña'],
    ['anciano', 'Persona mayor'],
    ['embarazada', 'Embarazada'],
    ['discapacitado', 'Con discapacidad o sin poder moverse']
];

function select(id, label, options, current) {
    const field = el('select', { attrs: { id, name: id } }, [
        el('option', { text: 'Sin indicar', attrs: { value: '' } }),
        ...options.map(([value, text]) => el('option', { text, attrs: { value, selected: value === current ? true : false } }))
    ]);
    return el('label', { className: 'card-edit__field' }, [label, field]);
}

function input(id, label, value, type = 'text') {
    return el('label', { className: 'card-edit__field' }, [
        label,
        el('input', {
            attrs: { id, name: id, type, value: value ?? '', ...(type === 'number' ? { min: '0', max: '100000' } : { maxlength: '300' }) }
        })
    ]);
}

/** The form for `value` (a case); `save(edit)` sends the changed fields and resolves when the case is saved. */
export function cardEditor(value, save, cancel) {
    const report = value.report || {};
    const location = report.location && report.location.kind === 'text' ? report.location.text : '';
    const people = report.people || { vulnerable: [] };
    const form = el('form', { className: 'card-edit', attrs: { id: 'card-edit', novalidate: true } }, [
        select(
            'edit-department',
            'Departamento',
            DEPARTMENTS.map((d) => [d.id, d.name]),
            report.departmentId
        ),
        input('edit-locality', 'Localidad o barrio', report.locality),
        input('edit-address', 'Dirección o referencia', location),
        select(
            'edit-type',
            'Tipo de emergencia',
            EMERGENCY_TYPES.map((t) => [t.id, t.label]),
            report.emergencyTypeId
        ),
        select('edit-priority', 'Prioridad', PRIORITIES, value.priority),
        input('edit-people', 'Personas en riesgo', Number.isInteger(people.count) ? String(people.count) : '', 'number'),
        el('fieldset', { className: 'card-edit__vulnerable' }, [
            el('legend', { text: 'Quiénes' }),
            ...VULNERABLE.map(([kind, text]) =>
                el('label', {}, [
                    el('input', {
                        attrs: {
                            type: 'checkbox',
                            name: 'edit-vulnerable',
                            value: kind,
                            checked: (people.vulnerable || []).includes(kind) ? true : false
                        }
                    }),
                    ` ${text}`
                ])
            )
        ]),
        el('div', { className: 'card-edit__actions' }, [
            el('button', {
                className: 'button button--primary button--small',
                text: 'Guardar cambios',
                attrs: { type: 'submit', id: 'card-edit-save' }
            }),
            el('button', { className: 'button button--small', text: 'Cancelar', attrs: { type: 'button', id: 'card-edit-cancel' } })
        ])
    ]);
    form.querySelector('#card-edit-cancel').addEventListener('click', () => cancel());
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const edit = {};
        const valueOf = (id) => form.querySelector(`#${id}`).value.trim();
        const department = valueOf('edit-department');
        if (department !== (report.departmentId || '')) edit.departmentId = department || null;
        const locality = valueOf('edit-locality');
        if (locality !== (report.locality || '')) edit.locality = locality || null;
        const address = valueOf('edit-address');
        if (address !== location) edit.address = address || null;
        const type = valueOf('edit-type');
        if (type !== (report.emergencyTypeId || '')) edit.emergencyTypeId = type || null;
        const priority = valueOf('edit-priority');
        if (priority && priority !== value.priority) edit.priority = priority;
        const count = valueOf('edit-people');
        const before = Number.isInteger(people.count) ? String(people.count) : '';
        if (count !== before) edit.peopleCount = count === '' ? null : Number(count);
        const vulnerable = [...form.querySelectorAll('input[name="edit-vulnerable"]:checked')].map((box) => box.value);
        if (vulnerable.join() !== (people.vulnerable || []).join()) edit.vulnerable = vulnerable;
        if (Object.keys(edit).length === 0) return cancel();
        save(edit);
    });
    return form;
}
