import { expect } from 'chai';
import { readCitizenInput } from '../../dialogs/citizenInput';
import { departmentForPoint, recognizeDepartment } from '../../dialogs/departmentRecognizer';
import { recognizeEmergencyType } from '../../dialogs/emergencyTypeRecognizer';
import { recognizeIntent } from '../../dialogs/intentRecognizer';
import { newReportId, parseReportId } from '../../dialogs/reportId';
import { readConfirmation, readNameAnswer } from '../../language';

/** The name kept from an answer to the name question, or undefined when it is none. */
function recognizeName(text: string): string | undefined {
    const answer = readNameAnswer(text);
    return 'name' in answer ? answer.name : undefined;
}

describe('dialogs: recognisers', () => {
    describe('recognizeDepartment', () => {
        // [what the citizen writes, the department name, or undefined when it must NOT match]
        const table: [string, string | undefined][] = [
            ['Ambato', 'Ambato'],
            ['ambato', 'Ambato'],
            ['AMBATO', 'Ambato'],
            ['anbato', 'Ambato'],
            ['Ancasti', 'Ancasti'],
            ['ancsati', 'Ancasti'],
            ['Andalgalá', 'Andalgalá'],
            ['andalgala', 'Andalgalá'],
            ['andalgal', 'Andalgalá'],
            ['Antofagasta de la Sierra', 'Antofagasta de la Sierra'],
            ['antofagasta', 'Antofagasta de la Sierra'],
            ['Belén', 'Belén'],
            ['belen', 'Belén'],
            ['velen', 'Belén'],
            ['Capayán', 'Capayán'],
            ['capayan', 'Capayán'],
            ['Capital', 'Capital'],
            ['la capital', 'Capital'],
            ['catamarca', 'Capital'],
            ['Catamarca capital', 'Capital'],
            ['San Fernando del Valle de Catamarca', 'Capital'],
            ['capitall', 'Capital'],
            ['El Alto', 'El Alto'],
            ['el alto', 'El Alto'],
            ['Fray Mamerto Esquiú', 'Fray Mamerto Esquiú'],
            ['fray mamerto', 'Fray Mamerto Esquiú'],
            ['fray mamerto esquiu', 'Fray Mamerto Esquiú'],
            ['La Paz', 'La Paz'],
            ['la paz', 'La Paz'],
            ['Recreo', 'La Paz'],
            ['Paclín', 'Paclín'],
            ['paclin', 'Paclín'],
            ['Pomán', 'Pomán'],
            ['poman', 'Pomán'],
            ['Saujil, Pomán', 'Pomán'],
            // In two departments (Pomán and Tinogasta; Fray Mamerto Esquiú and Santa María): asked with two buttons.
            ['Saujil', undefined],
            ['San José', undefined],
            ['Santa María', 'Santa María'],
            ['sta maria', 'Santa María'],
            ['Sta. María', 'Santa María'],
            ['santa mria', 'Santa María'],
            ['Santa Rosa', 'Santa Rosa'],
            ['sta rosa', 'Santa Rosa'],
            ['Bañado de Ovanta', 'Santa Rosa'],
            ['Tinogasta', 'Tinogasta'],
            ['tinogsata', 'Tinogasta'],
            ['Fiambalá', 'Tinogasta'],
            ['fiambala', 'Tinogasta'],
            ['Valle Viejo', 'Valle Viejo'],
            ['valle viejo', 'Valle Viejo'],
            ['valleviejo', 'Valle Viejo'],
            ['San Isidro', 'Valle Viejo'],
            ['Hualfín', 'Belén'],
            ['Chumbicha', 'Capayán'],
            ['Huillapima', 'Capayán'],
            ['La Puerta', 'Ambato'],
            ['San José de Piedra Blanca', 'Fray Mamerto Esquiú'],
            ['departamento de Belén', 'Belén'],
            ['vivo en valle viejo', 'Valle Viejo'],
            ['Estoy en Tinogasta', 'Tinogasta'],
            ['estamos cerca de la plaza de santa rosa', 'Santa Rosa'],
            // ", Catamarca" names the province, not the Capital, when a department is named too.
            ['Belén, Catamarca', 'Belén'],
            ['Pomán, Catamarca', 'Pomán'],
            ['La Paz, Catamarca', 'La Paz'],
            ['Ambato, Catamarca', 'Ambato'],
            ['El Alto, Catamarca', 'El Alto'],
            ['Paclín, Catamarca', 'Paclín'],
            ['Ancasti, Catamarca', 'Ancasti'],
            ['Tinogasta, Catamarca', 'Tinogasta'],
            ['Belén, provincia de Catamarca', 'Belén'],
            ['Fiambalá, Catamarca', 'Tinogasta'],
            ['vivo en Santa Rosa, Catamarca', 'Santa Rosa'],
            ['Capital, Catamarca', 'Capital'],
            ['provincia de Catamarca', undefined],
            ['Barrio Norte, Catamarca', 'Capital'],
            ['1', 'Ambato'],
            ['7', 'Capital'],
            ['16', 'Valle Viejo'],
            ['el 5', 'Belén'],
            ['cinco', 'Belén'],
            ['número 13', 'Santa María'],
            ['hola', undefined],
            ['la', undefined],
            ['no se', undefined],
            ['no sé', undefined],
            ['chacabuco', undefined],
            ['Chacabuco', undefined],
            ['santa', undefined],
            ['0', undefined],
            ['17', undefined],
            ['', undefined],
            ['sí', undefined],
            ['Córdoba', undefined],
            ['tucuman', undefined],
            ['gracias', undefined],
            ['?', undefined]
        ];
        for (const [input, expected] of table) {
            it(`"${input}" -> ${expected ?? 'no match'}`, () => {
                expect(recognizeDepartment(input)?.name).to.equal(expected);
            });
        }

        it('finds the department of a pin inside the province, and none outside', () => {
            expect(departmentForPoint({ latitude: -28.47, longitude: -65.78 })?.name).to.equal('Capital');
            expect(departmentForPoint({ latitude: -27.69, longitude: -67.62 })?.name).to.equal('Tinogasta'); // Fiambalá
            expect(departmentForPoint({ latitude: -34.6, longitude: -58.38 })).to.equal(undefined); // Buenos Aires
        });
    });

    describe('recognizeEmergencyType', () => {
        const table: [string, string | undefined][] = [
            ['Inundación', 'flood'],
            ['inundacion', 'flood'],
            ['se me inundó la casa', 'flood'],
            ['entra agua por todos lados', 'flood'],
            ['Incendio de vivienda', 'structure_fire'],
            ['hay un incendio', 'structure_fire'],
            ['incendio forestal en el cerro', 'wildfire'],
            ['crecida del río', 'flash_flood'],
            ['se voló el techo por el viento', 'storm_damage'],
            ['granizo', 'hail_snow'],
            ['olor a gas', 'hazmat'],
            ['ruta cortada', 'road_blocked'],
            ['un árbol caído', 'fallen_lines'],
            ['temblor', 'earthquake'],
            ['Árboles o cables caídos', 'fallen_lines'],
            ['Otra emergencia', 'other'],
            ['flood', 'flood'],
            ['3', 'flood'],
            ['derrumbe', 'landslide'],
            ['hola', undefined],
            ['no se', undefined],
            ['99', undefined]
        ];
        for (const [input, expected] of table) {
            it(`"${input}" -> ${expected ?? 'no match'}`, () => expect(recognizeEmergencyType(input)?.id).to.equal(expected));
        }
    });

    describe('recognizeName', () => {
        const table: [string, string | undefined][] = [
            ['María Pérez', 'María Pérez'],
            ['maría pérez', 'maría pérez'],
            ['Me llamo Rosa Vega', 'Rosa Vega'],
            ['Ana,', 'Ana'],
            ['Hola, soy Ana', 'Ana'],
            ['hola soy Ana Díaz', 'Ana Díaz'],
            ['Hola, Ana Díaz', 'Ana Díaz'],
            ['¡Hola! Soy Ana', 'Ana'],
            ['Buenas tardes, me llamo María Pérez', 'María Pérez'],
            ['Buen día. Mi nombre es José Luis Romero.', 'José Luis Romero'],
            ['Disculpe, me llamo Ana', 'Ana'],
            ['me llamo Rosa Vega, vivo en Belén', 'Rosa Vega'],
            ['María del Socorro Pérez', 'María del Socorro Pérez'],
            ['hola', undefined],
            ['Hola, buenas', undefined],
            ['Buenas noches', undefined],
            ['1234', undefined],
            ['?', undefined],
            ['hola, soy', undefined]
        ];
        for (const [input, expected] of table) {
            it(`"${input}" -> ${expected ?? 'not a name'}`, () => expect(recognizeName(input)).to.equal(expected));
        }
    });

    describe('readConfirmation', () => {
        // [what the citizen answers to "¿Está todo bien?", 'confirm' | 'correct' | 'correct:<field>' | undefined]
        const table: [string, string | undefined][] = [
            ['Sí, enviar', 'confirm'],
            ['si', 'confirm'],
            ['Sí, está bien', 'confirm'],
            ['si, todo bien', 'confirm'],
            ['está todo bien', 'confirm'],
            ['todo está bien', 'confirm'],
            ['perfecto', 'confirm'],
            ['mandalo', 'confirm'],
            ['Mándelo', 'confirm'],
            ['sí sí', 'confirm'],
            ['ok, gracias', 'confirm'],
            ['Sí, correcto, muchas gracias', 'confirm'],
            ['Corregir', 'correct'],
            ['no', 'correct'],
            ['el nombre está mal', 'correct:name'],
            ['sí, pero la dirección está mal', 'correct:location'],
            ['el nombre está bien, cambiar la ubicación', 'correct:location'],
            ['el nombre está bien', undefined],
            ['si no', undefined],
            ['sí, pero', undefined],
            ['quizás', undefined],
            ['está', undefined]
        ];
        for (const [input, expected] of table) {
            it(`"${input}" -> ${expected ?? 'not understood'}`, () => {
                const answer = readConfirmation(input, 'Sí, enviar', 'Corregir');
                const got =
                    answer === undefined ? undefined : answer.decision === 'correct' && answer.field ? `correct:${answer.field}` : answer.decision;
                expect(got).to.equal(expected);
            });
        }
    });

    describe('recognizeIntent', () => {
        const table: [string, string | undefined][] = [
            ['cancelar', 'cancel'],
            ['Cancelar', 'cancel'],
            ['ayuda', 'help'],
            ['?', 'help'],
            ['AYUDA', 'help'],
            ['operador', 'operator'],
            ['quiero hablar con una persona', 'operator'],
            ['Quiero hablar con alguien', 'operator'],
            ['me pueden llamar?', 'operator'],
            ['ALERTAS', 'alerts:subscribe'],
            ['MIS ALERTAS', 'alerts:list'],
            ['BAJA', 'alerts:unsubscribe'],
            ['STOP', 'alerts:unsubscribe'],
            ['no quiero más alertas', 'alerts:unsubscribe'],
            ['calle baja 123', undefined],
            ['hay alerta de crecida', undefined],
            ['Valle Viejo', undefined],
            ['hola', undefined]
        ];
        for (const [input, expected] of table) {
            it(`"${input}" -> ${expected ?? 'nothing'}`, () => {
                const intent = recognizeIntent(input);
                expect(intent === undefined ? undefined : intent.kind === 'alerts' ? `alerts:${intent.command}` : intent.kind).to.equal(expected);
            });
        }
    });

    describe('readCitizenInput', () => {
        it('reads a location from the WhatsApp attachment, a GeoCoordinates entity, or a Place entity', () => {
            expect(
                readCitizenInput({
                    type: 'message',
                    attachments: [
                        { contentType: 'application/vnd.whatsapp.location', content: { latitude: -28.4, longitude: -65.8, address: 'Rivadavia 500' } }
                    ]
                }).location
            ).to.deep.equal({ latitude: -28.4, longitude: -65.8, address: 'Rivadavia 500' });
            expect(readCitizenInput({ type: 'message', entities: [{ type: 'GeoCoordinates', latitude: -28.4, longitude: -65.8 }] }).kind).to.equal(
                'location'
            );
            expect(
                readCitizenInput({ type: 'message', entities: [{ type: 'Place', geo: { latitude: -28.4, longitude: -65.8 }, name: 'Plaza' }] })
                    .location
            ).to.deep.equal({ latitude: -28.4, longitude: -65.8, name: 'Plaza' });
        });
        it('tells voice notes, stickers, reactions and images apart', () => {
            expect(readCitizenInput({ type: 'message', attachments: [{ contentType: 'audio/mpeg', contentUrl: 'x' }] }).kind).to.equal('voice_note');
            expect(readCitizenInput({ type: 'message', attachments: [{ contentType: 'image/webp', contentUrl: 'x' }] }).kind).to.equal('sticker');
            expect(readCitizenInput({ type: 'messageReaction' }).kind).to.equal('reaction');
            expect(readCitizenInput({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'x' }] }).kind).to.equal('image');
            expect(readCitizenInput({ type: 'message', text: '   ' }).kind).to.equal('empty');
        });
    });

    describe('report ids', () => {
        it('issues ids without 0/O/1/I and parses them back', () => {
            for (let i = 0; i < 200; i++) expect(newReportId()).to.match(/^DC-[2-9A-HJ-NP-Z]{4}$/);
            expect(parseReportId('dc-7k3f')).to.equal('DC-7K3F');
            expect(parseReportId('DC-7K0F')).to.equal(undefined);
        });
    });
});
