import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readUrgency } from '../../language/urgency/urgencyReader';
import { loadUrgencyWords, UrgencyWordsError } from '../../language/urgency/urgencyWords';
import { tokenize, withinOneEdit } from '../../language/text/normalize';

describe('language/urgency: the urgency reader', () => {
    it('reads a typo of a keyword and a stretched cry', () => {
        expect(readUrgency('mi tio quedo atrpado en el galpon').urgent).to.equal(true);
        const cry = readUrgency('auxiliooo vengannn');
        expect(cry.urgent).to.equal(true);
        expect(cry.kind).to.equal('generic');
    });

    it('gives the reason in Spanish and the evidence span of the original text', () => {
        const text = 'Mi abuelo NO RESPIRA, vengan';
        const verdict = readUrgency(text);
        expect(verdict.urgent).to.equal(true);
        expect(verdict.reason).to.be.a('string').and.not.equal('');
        expect(verdict.evidence).to.not.equal(undefined);
        expect(text.slice(verdict.evidence!.start, verdict.evidence!.end)).to.equal(verdict.evidence!.text);
    });

    it('does not raise the alarm for a negation, but does for doubt', () => {
        expect(readUrgency('gracias a dios no hubo heridos').urgent).to.equal(false);
        expect(readUrgency('nadie salio lastimado, solo se rompio el vidrio').urgent).to.equal(false);
        expect(readUrgency('no se si hay heridos').urgent).to.equal(true);
    });

    it('does not raise the alarm for only an animal', () => {
        expect(readUrgency('hay un perro atrapado en la zanja').urgent).to.equal(false);
        expect(readUrgency('hay un nene atrapado en la zanja').urgent).to.equal(true);
    });

    it('does not raise the alarm for a past event already resolved', () => {
        expect(readUrgency('anoche se prendio fuego el galpon, ya lo apagamos y estamos todos bien').urgent).to.equal(false);
        expect(readUrgency('estamos bien pero se quema la casa de al lado y la vecina esta adentro').urgent).to.equal(true);
    });

    it('reads Socorro as a name at the name question, and as a cry alone', () => {
        expect(readUrgency('Socorro Díaz', { answeringName: true }).urgent).to.equal(false);
        expect(readUrgency('me llamo Socorro', { answeringName: true }).urgent).to.equal(false);
        expect(readUrgency('¡socorro!', { answeringName: true }).urgent).to.equal(true);
    });

    // Speed is npm run bench's to measure (bench/languageBench.ts), never a timed test.
    it('reads a 4,096-character message with its signal at the very end', () => {
        const long = 'la calle esta tranquila y no paso nada raro hoy en el barrio '.repeat(70).slice(0, 4090) + ' fuego';
        expect(long.length).to.be.at.least(4096);
        expect(readUrgency(long)).to.be.an('object');
        expect(readUrgency('a'.repeat(4096)).urgent).to.equal(false);
    });

    it('normalises WhatsApp Spanish and bounds the typo check', () => {
        expect(tokenize('xq toy solo 🆘').map((t) => t.word)).to.deep.equal(['porque', 'estoy', 'solo', 'auxilio']);
        expect(withinOneEdit('atrapado', 'atrpado')).to.equal(true);
        expect(withinOneEdit('atrapado', 'tarpado')).to.equal(false);
    });

    it('ends a clause at a pictograph that says nothing, as at a full stop', () => {
        // "el techo 🏠 cayó": the house emoji stands between two clauses; the word after it starts the next one.
        expect(tokenize('hola 🙂 juan').map((t) => [t.word, t.breakBefore])).to.deep.equal([
            ['hola', true],
            ['juan', true]
        ]);
        expect(tokenize('hola juan').map((t) => t.breakBefore)).to.deep.equal([true, false]);
    });

    // Rules over word classes: a person (any way of naming one) with a harm or a danger in the clause.
    const behaviours: Array<[string, boolean]> = [
        ['el agua le llega a la cintura a mi suegro', true],
        ['la gurisa se cayo al canal', true],
        ['el albañil se cayo del andamio', true],
        ['se le cayo la pared encima al changuito', true],
        ['mi hija se tomo el remedio de la presion', true],
        ['al peon le agarro la mano la maquina', true],
        ['estamos arriba del ropero con los chicos, el agua llena la casa', true],
        ['estan atrapados en el auto en el vado', true],
        ['ayuda!!! ayuda!!!', true],
        ['¿qué hago? mi hijo no respira', true],
        ['se desbarranco la camioneta con toda la familia', true],
        ['el patio se lleno de agua hasta la rodilla', false],
        ['se cayo un arbol encima de la camioneta', false],
        ['el perro de mi vieja quedo atrapado', false],
        ['se perdio mi perro con la tormenta', false],
        ['mi sobrino me dice que se cayo el puente de madera', false],
        ['se inunda la vereda cuando llueve', false],
        ['mi hijo se cayo de la bici pero esta bien', false],
        ['¿a qué número llamo si alguien se electrocuta?', false],
        ['ayer hubo un incendio pero ya esta todo bien', false],
        // A capitalised name is a person ("la Rosita", "a Juan", "Juancito se cayó"); a place after "en la" is not.
        ['la Rosita se partio la cabeza contra el cordon', true],
        ['a Juan se lo llevo la correntada en el vado', true],
        ['Juancito se cayo a la acequia', true],
        ['la Rosita pregunta si hay alerta de viento', false],
        ['estamos en la Tablada, se corto la luz', false],
        // Two clauses: the person first, then what happens to them.
        ['don Cacho. se cayo del techo', true],
        ['el nene. se cayo al canal', true],
        ['hay humo negro en el departamento de arriba, hay gente', true],
        // Verb forms of harm, said indirectly.
        ['le abrieron la cabeza de una pedrada', true],
        ['me estan siguiendo con un auto y tengo miedo', true],
        ['mi papa esta sacado y le esta dando cachetazos a mi hermanito', true],
        ['se le fue la respiracion al nene', true],
        ['a mi papa se le nublo la vista y habla mal', true],
        ['hay gente en los arboles esperando que baje el agua', true],
        ['el fuego del cerro bajo y ya esta en las primeras casas', true],
        ['porfa ayuden estamos sin salida', true],
        ['el Chino se fue a Catamarca a trabajar', false],
        ['se volaron las chapas del galpon', false],
        ['mi hijo se golpeo la rodilla jugando, nada grave', false],
        ['un tipo esta queriendo entrar por la ventana del fondo', true],
        ['estan pateando la puerta y somos dos mujeres solas', true],
        ['mi concubino se puso loco y nos quiere pegar', true],
        ['a mi tia no le entra el aire, esta sentada en la cama', true],
        ['nadie lo puede sacar, tiene la viga sobre el pecho', true],
        ['el nene no sale del canal, lo estamos viendo desde el puente', true],
        ['mi sobrino se fue de cabeza del paredon', true],
        ['estamos lejos de la ciudad y el fuego del monte ya rodea el rancho', true],
        ['el fuego del cerro no esta lejos, se quema el rancho de don Pedro', true],
        ['es cuestion de vida o muerte, vengan', true],
        ['lejos no esta, el fuego ya toca el corral de mi casa', true],
        ['ayudenos, estamos mal aca con los chicos', true],
        ['al peon lo tapo la tierra en la zanja', true],
        ['el fuego esta en el cerro, muy lejos de las casas', false],
        ['la nena que se habia perdido ya aparecio, esta con la abuela', false],
        ['el vecino se puso loco por la musica pero ya se calmo', false],
        ['el chorro que entro anoche ya esta preso', false]
    ];
    for (const [text, urgent] of behaviours) {
        it(`reads ${JSON.stringify(text)} as ${urgent ? 'urgent' : 'not urgent'}`, () => {
            expect(readUrgency(text).urgent).to.equal(urgent);
        });
    }

    // Mechanisms added for unseen phrasings: one table per rule, a few rows each (not corpus rows).
    const mechanisms: Record<string, Array<[string, boolean]>> = {
        'a clitic before a verb of harm names a person; an animal before it keeps it an animal': [
            ['el tractor lo aplasto', true],
            ['lo corneo una vaca y esta sangrando', true],
            ['a mi tio lo arrastro la correntada', true],
            ['mi perra esta sangrando, la atropello una moto', false]
        ],
        'a weight that falls on "le"/"nos" falls on a person, unless a thing after a preposition receives it': [
            ['la pared le cayo a mi tio', true],
            ['le cayo la viga al albañil', true],
            ['le cayo un rayo al transformador', false],
            ['se nos murio una vaca en la crecida', false]
        ],
        'an event with a time already gone is news; "todavía", "desde" bring it into now': [
            ['ayer se ahogo un chico en el dique, que triste', false],
            ['me torci el tobillo el mes pasado', false],
            ['mi papa se desmayo ayer pero ya lo vio el medico y esta bien', false],
            ['ayer se cayo y todavia no se puede levantar', true],
            ['hace dos dias que no aparece mi hijo', true]
        ],
        'a habit or a story is not an event now': [
            ['mi vecino quema basura todos los dias y el humo entra a mi casa', false],
            ['cuando hay zonda me agarra asma', false],
            ['la pelicula de anoche era de un incendio', false],
            ['la abuela tiene asma y no puede respirar', true]
        ],
        'a question typed without "¿", or "en caso de", asks; it reports nothing': [
            ['cuanto tarda una ambulancia en llegar a Fiambala?', false],
            ['en caso de incendio a donde llamo', false],
            ['cual es el numero de los bomberos si hay un incendio', false],
            ['pueden mandar una ambulancia? mi papa no respira', true],
            ['mi hijo no respira como hago?', true]
        ],
        'a stretched or shouted cry is urgent by itself; a plain one is a call for help with the line': [
            ['ayudaaaa', true],
            ['ayuda!!', true],
            ['ayuda', false]
        ],
        'water on a street or a field is not water on a person; water over the beds is a home flooded': [
            ['el agua llega hasta la rodilla en la calle, hay que limpiar los desagues', false],
            ['el agua nos llega a la rodilla en la calle', true],
            ['el agua ya tapa las camas', true]
        ],
        'a spelling by sound (b/v, s/z, a silent h) reads as the word': [
            ['mi ijo se callo al poso', true],
            ['le pico una bibora a mi papa', true],
            ['mi mama tiene combulsiones', true]
        ],
        'a thing after a preposition is where the harm happens, not who suffers it': [
            ['quedo atrapado bajo el techo del galpon', true],
            ['el perro quedo atrapado bajo el techo', false],
            ['el rio se llevo a las vacas', false]
        ],
        'a relief: "está bien", "no es nada", an empty house; but not "está bien mal" nor "no sé si está bien"': [
            ['encontraron al chico que se habia perdido, esta bien', false],
            ['mi nieto se pego en el codo jugando, no es nada', false],
            ['hay un incendio en una casa abandonada', false],
            ['mi abuela se cayo y esta bien mal', true],
            ['se cayo mi abuelo, no se si esta bien', true]
        ],
        'a dropped subject: a state or a fall said of someone not named, with no thing in the clause': [
            ['esta agonizando', true],
            ['esta muy grave', true],
            ['se cayo por el barranco', true],
            ['se cayo el sistema del banco', false],
            ['Pedimos que revisen la capilla, se movieron las tejas con el temblor. Esta cerrada.', false]
        ],
        'a street name says nothing about people': [
            ['calle Los Tilos 45, frente a la plaza', false],
            ['pasaje los tiros 120', false],
            ['en la calle hay un herido', true]
        ],
        'only animals: a fight of dogs, a missing cat, a dead snake': [
            ['hay una pelea de perros en la calle', false],
            ['el gato no aparece desde ayer', false],
            ['hay una vibora muerta en la vereda', false],
            ['el chico se fue con las cabras al cerro y se vino el temporal, no vuelve', true]
        ],
        'self-harm, machines, lightning and a request said "urgente"': [
            ['hay un chico en la baranda del puente que se quiere tirar', true],
            ['al peon lo agarro la maquina de la cosecha', true],
            ['le cayo un rayo a un chico en la cancha', true],
            ['urgente: hay que limpiar el desague antes de que llueva', false],
            ['me muero por ir a Fiambala', false]
        ],
        'a keyword is a real word, never the typo of another keyword': [
            ['tenemos familias que quedaron sin nada con la creciente', false],
            ['listo, no me manden mas avisos q ya me entere', false],
            ['se quemaron con el agua hirviendo', true]
        ],
        '"adentro" said by the writer of where people are safe, or only of where a place is': [
            ['hay un cable colgando que hace chispas en la esquina, nadie toco nada, estamos todos adentro', false],
            ['los sacamos al patio o los dejamos adentro del aula si hay viento?', false],
            ['mi casa queda adentro del barrio', false],
            ['mi abuela esta adentro todavia', true],
            ['hay chicos adentro', true]
        ],
        'a harm after "y" is the harm of the person the sentence began with': [
            ['mi abuela se cayo cuando se corto la luz x el viento y no se puede levantar', true],
            ['el agua ya les entra a la camioneta en el vado', true],
            ['el perro se metio debajo del auto y no se puede sacar', false]
        ],
        'a person who stopped answering, breathing or coming back': [
            ['el señor dejo de respirar que hacemos!!!', true],
            ['mama sigue sin hablar', true],
            ['dos andinistas no bajaron del cerro desde ayer y hay temporal de nieve', true],
            ['sigue nevando y ya es de noche, no hay rastro de mi hermano', true],
            ['las vacas no bajaron del cerro y hay tormenta', false]
        ],
        '"sos" of "vos sos" is no cry; "tapada" needs a person; "le siguen dando" is violence, "siguen dando chapas" is not': [
            ['ajajaj te re amo sos un bot', false],
            ['vos sos de defensa civil?', false],
            ['SOS se inunda la casa', true],
            ['sos', true],
            ['Solicito limpieza de la acequia que pasa frente a la escuela, está tapada con ramas', false],
            ['mi hijo quedo tapado por el barro', true],
            ['queria saber si siguen dando chapas a los que se nos volo el techo', false],
            ['le siguen dando patadas en el piso', true],
            ['Dejen de mandarme mensajes de alertas, ya me entero por la radio', false]
        ],
        'a danger as the subject of a course, a thing lost, weather that stopped, a call back': [
            ['buenas, queria saber si dan capacitacion de rcp para docentes en ancasti', false],
            ['Hay una familia en La Chacarita que perdio el techo, como gestionamos la asistencia?', false],
            ['se perdio mi hijo en el cerro', true],
            ['Hijos ya paro la lluvia. Gracias igual', false],
            ['a mi papa le dio un paro', true],
            ['y ahora q pasa? me llaman o como es?', false]
        ],
        'a sticker, a forwarded chain, a house lost are no danger now; electrified water and no way out are': [
            ['[sticker de un perrito con casco de bombero gritando ¡¡EMERGENCIA!!]', false],
            ['Reenviado 🚨URGENTE🚨 Se rompió el dique y el agua va a inundar toda la capital, salgan YA. Compartan', false],
            ['queremos chapas para la familia que perdió la casa con la creciente', false],
            ['no se acerquen, el agua esta electrificada, hay un cable adentro', true],
            ['la casa de adobe al lado del puente, no hay por donde salir, el agua cruza el patio con fuerza', true],
            ['el agua tiene mucha corriente en el vado', false]
        ],
        'water coming into a home is urgent whatever thing let it in; water moving a car is urgent': [
            ['se tapó la alcantarilla de la esquina y ya entra agua a las casas del pasaje', true],
            ['se rebalsó la acequia y empieza a entrar barro por la puerta de la cocina', true],
            ['cruzando el badén la correntada ya mueve la camioneta', true],
            ['se rompió un caño en la plaza y sale agua a la calle', false]
        ],
        'a harm inside a condition asked about is a case, not an event; doubt about now stays urgent': [
            ['si la creciente llega de noche y mi papa no puede salir de la cama, a quien llamamos?', false],
            ['y si se nos cae la pared encima con el viento, que hacemos?', false],
            ['no se si respira, vengan', true],
            ['sí, quedó atrapado abajo del auto, apurense', true],
            ['por que pasaron tantos bomberos? hay un incendio por el centro?', false],
            ['se quema la casa de al lado, hay alguien que pueda venir?', true]
        ],
        '"bien" before where someone is caught means "deep", not "fine"': [
            ['el nene esta bien adentro del pozo, no lo podemos sacar', true],
            ['mi hijo está bien atrapado entre los fierros del galpón', true],
            ['se cayo al pozo pero esta bien, ya lo sacamos', false]
        ],
        'who cannot be got out is said with the pronoun on the verb ("sacarlo"), and the car is where from': [
            ['ya llegaron los bomberos pero no pueden sacarlo', true],
            ['no hay forma de sacarla del auto, esta trabada la puerta', true],
            ['no lo pueden sacar del auto, tiene las piernas apretadas', true],
            ['la vaca se empantanó en la represa y no podemos sacarla', false]
        ],
        '"nadie" after a danger begins what follows ("nadie sabe qué hacer"); alone it is "none"': [
            ['en la plaza hay una señora convulsionando nadie sabe que hacer', true],
            ['se quemó el galpón, lastimados ninguno', false]
        ],
        'someone out where a far fire is, nobody safe, an animal that threw someone': [
            ['el fuego esta lejos de las casas pero mi hermano esta en el monte con las cabras', true],
            ['hay mucho humo de un vecino que quema los rastrojos pero esta lejos', false],
            ['nadie esta a salvo aca, el agua sigue subiendo', true],
            ['el caballo lo tiro y quedo inconsciente en el corral', true]
        ],
        'cut off across a risen creek, a car rolled over with someone in it, stuck to a cable stepped on': [
            ['el arroyo crecio y los chicos quedaron del otro lado', true],
            ['hay una persona en el auto que se dio vuelta en la ruta', true],
            ['pisaron un cable y quedo pegado', true],
            ['se dio vuelta y me miro feo', false],
            ['me mude al otro lado de la ciudad', false],
            ['se quemó el depósito, estamos sacando a las abuelas', true],
            ['el humo tapó el galpón, estamos sacando a los peones', true],
            ['ayer evacuaron a los vecinos por la crecida, hoy ya volvieron', false]
        ],
        'a chain message asks to be passed on, it reports no danger': [
            ['URGENTE!!! REENVIAR A TODOS TUS CONTACTOS: mañana va a haber un terremoto grado 8', false],
            ['auxilio se quema la casa', true]
        ],
        'an ambulance asked for is urgent; one that already came, is named in thanks or is called off is not': [
            ['necesitamos una ambulancia en la plaza de saujil', true],
            ['llamen a la ambulancia que mi viejo no se siente bien', true],
            ['la ambulancia no llega y mi tia sigue con el dolor', true],
            ['le estamos haciendo rcp', true],
            ['un abrazo grande a los de la ambulancia que se llevaron a mi abuelo el domingo, ya esta en casa y bien', false],
            ['cancelen la ambulancia, lo llevo yo en la camioneta y ya respira normal', false]
        ],
        'cut off by a road or a river, with everyone fine, is not danger; a condition then "qué hago" asks': [
            ['se corto el camino con la crecida y quedamos aislados en el puesto, tenemos comida y leña', false],
            ['quedamos aislados y el agua ya entra a la casa', true],
            ['y si entra el agua a la pieza q hacemos con los colchones', false],
            ['se me vino abajo el tapial con el viento, no lastimo a nadie', false],
            ['mi abuela se descompuso, ya se recupero y esta tomando un te', false]
        ],
        'a hazard that names a kind of warning ("alerta por incendios") tells of no hazard now': [
            ['hay alguna alerta por incendios forestales para el fin de semana?', false],
            ['quiero recibir los avisos de crecida del rio', false],
            ['se incendia la casa de al lado y hay una alerta sonando', true]
        ],
        'someone who no longer understands what is said to them may be having a stroke; a chat that does not understand is not': [
            ['mi abuela tiene 80, esta despierta pero no me entiende lo que le pregunto', true],
            ['a mi papa no se le entiende cuando habla, arrastra las palabras', true],
            ['quiero hablar con una persona, este aparato no me entiende', false]
        ],
        'getting someone out or finding them ends the danger around them, not the state of their body': [
            ['ya la sacamos del auto, esta desmayada', true],
            ['lo encontramos en la quebrada y no reacciona', true],
            ['ya salieron todos de la casa, el fuego no pasó al techo', false],
            ['ya lo encontramos, esta bien, gracias', false]
        ],
        'signs of a person in danger said without the usual words': [
            ['un turista de la excursion esta con hipotermia en el refugio', true],
            ['a mi tio se le cayo la cara de un lado, no puede articular lo que quiere decir', true],
            ['se zambulló en el dique y no sale, los amigos lo buscan', true],
            ['se tiro al rio desde el puente y no sube', true],
            ['el arroyo viene crecido y los chicos del campamento no pueden volver', true],
            ['el caballo volvio solo al puesto y mi abuelo salio temprano', true],
            ['quedo abajo del techo, se escucha cada vez mas bajito', true],
            ['ya no se escucha golpear', true],
            ['entraron a la casa y nos ataron a todos', true],
            ['desborda la cloaca y esta entrando a las casas del pasaje', true],
            ['socorro alguien ayude a mi nene', true],
            ['no sale agua de la canilla desde ayer', false],
            ['el perro volvio solo a la casa', false],
            ['se llevo el puente el rio, no hay heridos pero no podemos cruzar', false]
        ],
        'a fire in the hills still burns people: a burn on a body, a dwelling surrounded, "corrijo" after "sin víctimas"': [
            ['incendio de pastizales en el cerro, un peon tiene quemaduras en los brazos', true],
            ['el fuego del monte rodea el puesto de mi abuela y no tiene por donde salir', true],
            ['en el campo sin heridos, corrijo, hay un brigadista quemado en la cara', true],
            ['ya bajo el fuego hasta las casas y mi abuelo no puede salir', true],
            ['hay un incendio en el cerro lejos del pueblo, nadie en peligro', false]
        ],
        'a service asked for or a supply run out is no person in danger': [
            ['pueden mandar a alguien a sacarlo? es un tronco en la vereda', false],
            ['desde la crecida nos quedamos sin agua en el barrio, pueden traer?', false],
            ['quedamos en el medio del rio con la camioneta', true],
            ['manden a alguien ya a sacar a mi papa del auto', true],
            ['vengan urgente a levantar a mi abuela que se cayo', true]
        ],
        'an animal named before stays what a later clause with nobody in it speaks of': [
            ['la cabra se cayo al aljibe y no la podemos sacar', false],
            ['la yegua se enredo en el cable caido, la pobre murio', false],
            ['mi abuela se cayo en el patio y no la podemos levantar', true],
            ['el caballo lo tiro al piso y se murio', true]
        ],
        'a pipe, a grate, a gutter that is blocked is a thing blocked, not a person trapped': [
            ['las rejillas de la esquina estan tapadas de hojas', false],
            ['los caños del patio estan tapados con barro', false],
            ['mi hermano esta tapado por el barro', true]
        ],
        '"no sabemos" is a person missing only when it says where or of whom': [
            ['no sabemos a quien pedirle las chapas', false],
            ['no sabemos donde esta mi hermano desde la crecida', true],
            ['no sabemos de mi tio desde que empezo el fuego', true]
        ],
        'someone who helps the writer is no cry for help; "por favor me ayuda" still is': [
            ['me ayuda mi hijo a escribir el mensaje', false],
            ['por favor me ayuda mi hijo se esta ahogando', true]
        ],
        'asking whether one may stay inside, or having put the children inside, says nobody is in danger inside': [
            ['se puede dormir adentro con la pared rajada por el temblor?', false],
            ['el cable chispea en la vereda, ya meti a los nenes adentro', false],
            ['hay un incendio y mis hijos estan adentro', true]
        ],
        'inside said of things or of what did not come in, oxygen used at home, "enterado": nobody in danger': [
            ['si llueve de nuevo se nos moja todo adentro', false],
            ['se inundo la vereda pero adentro de la casa no entro nada', false],
            ['mi papa usa oxigeno, si se corta la luz a quien llamo?', false],
            ['quiero estar enterado de las alertas', false],
            ['mi hermano quedo enterrado abajo del barro', true],
            ['se le termino el oxigeno a mi papa y no puede respirar', true]
        ],
        'rubble is a danger when someone is in it or named near it': [
            ['quien retira los escombros del tapial que se cayo, estan en la vereda', false],
            ['mi tio esta entre los escombros', true],
            ['quedo bajo los escombros', true]
        ],
        'unable to leave by car is a road cut; "por si" is in case': [
            ['la ruta esta cortada, no podemos salir con la camioneta', false],
            ['no podemos salir, el agua nos rodea la casa', true],
            ['voy a comprar bolsas de arena por si se inunda', false]
        ],
        'sleepiness after a blow or with vomiting is a symptom, a dream is a story': [
            ['el nene se golpeo la cabeza, vomito y tiene mucho sueño', true],
            ['anoche soñe que se inundaba la casa', false]
        ],
        'a road cut or a piece of road fallen is no wound': [
            ['hay un corte en la ruta 38, la policia no deja pasar', false],
            ['se desbarranco un pedazo de la banquina', false],
            ['mi hijo tiene un corte en la pierna y sangra mucho', true]
        ],
        "an animal's owner is not in danger": [
            ['el caballo del vecino se metio en el canal y no lo podemos sacar', false],
            ['la chiva de doña Rosa quedo en el pozo y no la pueden sacar', false],
            ['la hija de doña Rosa se cayo al pozo y no la pueden sacar', true]
        ],
        'whether a rumour is true, or a case asked about in the middle of a sentence, is a question': [
            ['es cierto que hay muertos en Fiambala por la crecida?', false],
            ['tengo que cortar la luz si entra agua a la pieza?', false],
            ['no se si respira, vengan', true]
        ],
        "a thing that does not work, supplies asked for, a thing of someone's that fell": [
            ['el numero que me pasaron no anda', false],
            ['necesitamos lavandina y trapos, se nos inundo todo ayer', false],
            ['mi nene tomo lavandina', true],
            ['se me cayo el paredon del fondo con la lluvia', false],
            ['se le cayo la pared encima a mi cuñado', true],
            ['se me cayo el techo', true],
            ['no se puede salir en auto del barrio, el agua tapo el camino', false],
            ['que venga alguien por lo del arbol de la vereda', false]
        ],
        'an animal harmed, named before the signal or right after it, with no person in the sentence': [
            ['me envenenaron al gato, a quien lo denuncio?', false],
            ['mi vaca esta pariendo y tiene el ternero trabado', false],
            ['se me murieron las gallinas por el agua del canal', false],
            ['mi hijo y el perro se cayeron al canal', true],
            ['el perro mordio a mi nene y sangra mucho', true]
        ],
        'a condition someone has, or water that comes in whenever it rains, is no event now': [
            ['mi abuela es diabetica, quiero recibir las alertas', false],
            ['mi papa es diabetico y no reacciona', true],
            ['entra agua a la pieza cuando llueve fuerte, quien me puede ayudar con el techo', false]
        ],
        'a person at home with the writer is safe': [['se le cayo el techo a mi tia con la lluvia pero ella ya esta en mi casa', false]],
        'asking when help arrives after telling the danger leaves the danger told': [
            ['sigue sin moverse y tiene la cara gris, cuánto les falta???', true],
            ['cuánto tarda una ambulancia en llegar si alguien se quema?', false]
        ],
        '"no sé para qué" is not knowing, an animal lost is no person missing, "no encuentro a" someone is': [
            ['no sé para qué es esto, me lo pasó mi nieta', false],
            ['NO SE PARA QUE SIRVE ESTO', false],
            ['mi abuela no se para, se cayó en el baño', true],
            ['mi abuela no se para que hago', true],
            ['un vecino perdió a su perro con el viento', false],
            ['no encuentro al nene, estaba en la plaza hace un rato', true],
            ['no encuentro las llaves del portón', false]
        ],
        'help asked with a thing, or someone sent to do a job, is a request; what happens each time it rains is a habit': [
            ['busco alguien que me ayude con el arbol del fondo', false],
            ['ayúdenme con unas bolsas de arena por favor', false],
            ['ayúdenme con mi abuelo que no respira', true],
            ['ayúdenme con lo de mi abuela por favor', true],
            ['MANDEN A ALGUIEN A LIMPIAR EL ZANJON Q ESTA LLENO DE ESCOMBROS', false],
            ['manden a alguien, mi cuñado quedó bajo los escombros', true],
            ['cada vez q llueve se nos mete el agua en la pieza', false],
            ['se nos mete el agua en la pieza y mi abuela no puede salir', true]
        ],
        'a verb of hitting needs a person hit: "el frío pegó fuerte" is weather': [
            ['tenemos 18 alumnos y el frio ya pego fuerte, necesitamos frazadas', false],
            ['mi marido le pego a mi hija', true]
        ],
        'fetching a thing is an errand; looking for a person, or one who went and did not come back, is missing': [
            ['los abuelos no pueden ir a buscar el agua al camion', false],
            ['las bolsas las vamos a buscar nosotros o las traen ustedes?', false],
            ['estamos buscando a la nena desde que bajó la creciente', true],
            ['mi hijo salió a buscar las cabras al cerro con la tormenta y no volvió', true]
        ],
        'water rising far from the houses reaches no one yet, unless someone is out there': [
            ['el arroyo va subiendo pero está lejos de las casas, avisamos nomás', false],
            ['el rio sigue subiendo, esta lejos de las casas pero mi hijo esta en el puesto', true],
            ['el agua sube y no está lejos de las casas', true]
        ],
        'a false alarm owned up to tells no danger; "no es falsa alarma" does': [
            ['perdón, falsa alarma: el humo era de una quema de hojas', false],
            ['no es falsa alarma, sale humo de la casa y la vecina no contesta', true]
        ],
        '"pero" is no "perro": the doubled r tells words apart, a contrast does not make the danger an animal': [
            ['trajeron oxigeno pero no reacciona', true],
            ['el perro quedó atrapado en el canal', false]
        ],
        '"tirado" with no noun near it speaks of the thing named first, unless a person is named': [
            ['el semáforo de la esquina de la plaza está tirado en el piso desde la tormenta', false],
            ['el poste de la luz de la cuadra de mi tía sigue tirado en la vereda', false],
            ['mi abuelo salió al patio con la lluvia y está tirado, no contesta', true]
        ],
        '"no ha salido" is a river that has not left its bed, or a person who has not come out; no typo of "sin salida"': [
            ['el arroyo viene con mucha agua y no ha salido del cauce', false],
            ['la abuela no ha salido de la pieza y hay mucho humo', true]
        ],
        'a fire in the field with the home denied ("no de casa") is a field fire': [
            ['fuego del campo pero no de casa', false],
            ['se quema el campo y la casa de mi abuela', true]
        ],
        'no one able to go out in the heat or the wind is a complaint about the weather; the hot face says the heat': [
            ['este calor es terrible, no se puede salir al patio', false],
            ['no se puede salir, el agua ya rodea la casa', true],
            ['uff 🥵🥵🥵 me muero', false]
        ],
        'a cable lying on a thing lies on no one, unless someone is named': [
            ['los cables quedaron sobre la vereda de la escuela', false],
            ['el cable le cayó encima a mi tío', true],
            ['me están siguiendo con un auto y tengo miedo', true]
        ],
        'the writer who tells of a collapse is not the one near it': [
            ['yo solo aviso que el camino a la cuesta está cortado por un derrumbe', false],
            ['el derrumbe tapó a mi hermano en la mina', true]
        ],
        'a false alarm denied, or of another time, leaves the danger told': [
            ['esto no es una falsa alarma, la casa se esta prendiendo fuego y hay chicos adentro', true],
            ['pense que era falsa alarma pero no, se esta quemando la casa del vecino', true],
            ['la otra vez fue falsa alarma pero ahora si, se incendia la casa de al lado con gente adentro', true]
        ],
        'a cry stretched or written with one r is still a cry, and water written with one r is still water': [
            ['socorrrro', true],
            ['SOCORO!!!', true],
            ['la coriente se llevo a mi hijo', true]
        ],
        'far is far from the houses, not help far away or people stranded': [
            ['el agua sube y sube y no llega nadie, tengo miedo', true],
            ['el agua sube y la ayuda esta lejos', true],
            ['el rio sigue subiendo y quedamos en la isla, lejos de las casas', true],
            ['el incendio del campo no llego a la casa pero esta a 50 metros', true]
        ],
        'looking for a person is a search, whatever the verb form': [
            ['vengan a buscar a mi hijo que se fue al cerro con la tormenta', true],
            ['hay que buscar a un nene que se fue con las cabras y se largo la tormenta', true]
        ],
        'a vehicle that shoots or hits, smoke or gas smelt, a relative who tells: people at risk': [
            ['una moto paso disparando por la calle de la escuela', true],
            ['hay olor a humo y sale humo por el techo', true],
            ['mi vecino me dice que tiene olor a gas en la pieza', true],
            ['mi papa me aviso que esta muy mal del corazon', true],
            ['la moto derrapo en la ruta y esta tirado en la banquina', true],
            ['se corto un cable y quedo sobre el alambrado, los chicos lo tocan', true],
            ['la tierra tapo la entrada del rancho y no se puede salir', true]
        ],
        'a roof on fire is a home on fire, unless another building is named': [
            ['hay llamas en el techo y nadie atiende el timbre', true],
            ['fuego en el techo', true],
            ['se quema el techo del galpón, no hay nadie adentro', false]
        ],
        'a dead phone and a boss who will kill you are figures': [
            ['no puedo mandar foto, se me murió el celu', false],
            ['mi jefe me va a matar, llego tarde por el corte de la ruta', false],
            ['mi jefe se cayó del andamio y no se mueve', true]
        ],
        'a weight that falls "arriba de" or "sobre" a person falls on them; on a thing, or a person\'s thing, it does not': [
            ['se cayo el tapial del fondo arriba de mi hijo', true],
            ['la pared cayo sobre mi abuela', true],
            ['se cayó un árbol sobre la casa de mi hijo', false],
            ['se cayo el arbol arriba de la camioneta de mi vecino', false]
        ],
        '"se le cayó" a thing is the thing\'s fall; "se le cayó" a child is the child\'s': [
            ['escribo por mi vecina q no tiene celular, se le cayo el paredon del fondo', false],
            ['se le cayo el nene de la cama y no reacciona', true]
        ],
        'a danger\'s word inside a term ("sacarse sangre", "dadores de sangre") is no wound': [
            ['donde queda el hospital? mi tia tiene q ir a sacarse sangre el lunes', false],
            ['se necesitan dadores de sangre para mi tio que lo operan', false],
            ['fuimos a sacarle sangre y se desmayo, no reacciona', true],
            ['se corto con la amoladora y le sale mucha sangre', true]
        ],
        'someone already seen at the hospital, in it, or awake again is over; what follows a waking is read on its own': [
            ['le dio un acv pero ya esta internada y anda bien, nomas avisaba', false],
            ['ayer se cayo de la escalera pero ya lo vieron en el hospital, es un esguince', false],
            ['ya se desperto, estaba re dormido por las pastillas, habla bien', false],
            ['ya se desperto pero no puede mover el brazo y habla raro', true],
            ['mi hijo no anda bien, se desmayo y no reacciona', true]
        ],
        '"se me vino abajo el tapial" is a wall that collapsed; nobody "le pasó nada"': [
            ['se me vino abajo el tapial del fondo con la lluvia, a nadie le paso nada', false],
            ['se le vino abajo la pared y el nene estaba jugando ahi, no lo vemos', true]
        ],
        'what the new cancellers must leave urgent: "bien" meaning very, an exception after "nadie", a fall on a body': [
            ['mi hijo anda bien loco con un cuchillo amenazando a todos', true],
            ['el abuelo anda bien agitado, le falta el aire', true],
            ['a nadie le paso nada salvo a mi tio que esta sangrando de la cabeza', true],
            ['en mi casa a nadie le paso nada, la vecina quedo abajo de la pared', true],
            ['encontramos a mi tio tirado en el patio nadie sabe que le paso no dice nada', true],
            ['se le cayo la pared de adobe en la espalda a mi viejo', true],
            ['se me cayo la moto con la nena en la ruta 38', true],
            ['se les vino abajo la zanja a los obreros', true],
            ['mi abuela no se me para, tiene 90', true],
            ['los dos chicos tosen y sacan sangre por la boca', true]
        ],
        '"no se para" is someone who cannot stand; "no sé si es para" is a doubt': [
            ['esta nevando fuerte desde anoche, no se si es para avisar', false],
            ['hola? quiero avisar algo pero no se si es para aca', false],
            ['mi abuela se cayó y no se para, ayuda', true]
        ]
    };
    for (const [mechanism, rows] of Object.entries(mechanisms)) {
        describe(mechanism, () => {
            for (const [text, urgent] of rows) {
                it(`reads ${JSON.stringify(text)} as ${urgent ? 'urgent' : 'not urgent'}`, () => {
                    expect(readUrgency(text).urgent).to.equal(urgent);
                });
            }
        });
    }

    it('keeps a resolution to its own part of the message', () => {
        expect(readUrgency('ya salimos todos, estamos bien, pero mi abuelo sigue adentro y hay humo').urgent).to.equal(true);
    });

    it('names the file and the entry when the word list is wrong', () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'urgency-')), 'urgencyWords.json');
        const words = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../language/data/urgencyWords.json'), 'utf8'));
        words.signals[0].kind = 'panic';
        fs.writeFileSync(file, JSON.stringify(words));
        expect(() => loadUrgencyWords(file)).to.throw(UrgencyWordsError, /urgencyWords\.json: entry signals\.0\.kind/);
    });

    it('refuses an alternative that holds a space, which would quietly match nothing', () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'urgency-')), 'urgencyWords.json');
        const words = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../language/data/urgencyWords.json'), 'utf8'));
        words.signals[3].pattern = 'agua ~ lleva ~ el|la|a la ~ auto';
        fs.writeFileSync(file, JSON.stringify(words));
        expect(() => loadUrgencyWords(file)).to.throw(UrgencyWordsError, /entry signals\.3\.pattern .*alternatives followed by one of themselves/);
    });
});
