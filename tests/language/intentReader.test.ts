import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { understand } from '../../language';
import { readIntent } from '../../language/intents';
import { loadIntentWords, INTENT_WORDS_FILE } from '../../language/intents/intentWords';
import { WordFileError } from '../../language/wordFile';
import type { ConversationStep, CorrectableField, Intent } from '../../language/types';

type Row = [text: string, step: ConversationStep, expected: Intent, field?: CorrectableField];

/** Behaviours, each written for the rule it shows (not copied from the corpus). */
const TABLE: Array<{ behaviour: string; rows: Row[] }> = [
    {
        behaviour: 'the weather to come asked without a question mark is an alerts query; what to do in it is a question',
        rows: [
            ['buenas, quería saber si va a nevar en el Peñón el domingo', 'first', 'alerts_query'],
            ['les pregunto si dicen que viene la creciente esta noche', 'first', 'alerts_query'],
            ['quisiera saber si siguen dando nylon a los que se les voló el techo con el viento', 'first', 'question'],
            ['quería saber qué hay que tener listo en casa por si viene el zonda', 'first', 'question']
        ]
    },
    {
        behaviour: 'asking to be told when the weather comes signs up for the alerts; stopping them in everyday words',
        rows: [
            ['avísenme cuando venga la nevada porfa', 'first', 'alerts_subscribe'],
            ['mandame las alertas de viento para santa maria', 'first', 'alerts_subscribe'],
            ['que me saquen de las alertas, me llenan el teléfono', 'first', 'alerts_unsubscribe'],
            ['¿cómo hago para que me avisen cuando viene el zonda?', 'first', 'alerts_subscribe'],
            ['¿me pueden avisar cuando haya? así no pregunto', 'first', 'alerts_subscribe'],
            ['¿me avisan si hay alerta hoy?', 'first', 'alerts_query']
        ]
    },
    {
        behaviour: 'closing a waiting case in the words of one who reports, and a false alarm',
        rows: [
            ['El herido ya está estable en el hospital, pueden cerrar el caso.', 'waiting', 'cancel'],
            ['era falsa alarma, perdón', 'summary', 'cancel']
        ]
    },
    {
        behaviour: 'the alerts asked for or stopped with the alerts named in the phrase',
        rows: [
            ['mándeme los avisos del tiempo a mí', 'first', 'alerts_subscribe'],
            ['basta de notificaciones, cómo me doy de baja', 'first', 'alerts_unsubscribe']
        ]
    },
    {
        behaviour: 'thanks for help already given, however formal',
        rows: [['Les agradezco enormemente la asistencia brindada anoche, mi madre ya está en su casa.', 'first', 'thanks']]
    },
    {
        behaviour: 'how to do something in this chat is a call for help with the conversation',
        rows: [
            ['¿cómo hago para mandarles la foto? no me sale', 'first', 'help'],
            ['como hago para salir de esto', 'first', 'help'],
            ['¿cómo les mando la ubicación? acá no hay calles', 'first', 'help']
        ]
    },
    {
        behaviour: 'a message that ends by calling off whoever was coming cancels; "no manden más alertas" stops the alerts',
        rows: [
            ['ya lo sacaron los vecinos con una soga, esta llorando pero bien, no manden', 'waiting', 'cancel'],
            ['todo tranquilo ya, el agua bajo. no envien a nadie', 'waiting', 'cancel'],
            ['se nos esta llenando la casa de agua y ustedes no manden nada', 'waiting', 'report'],
            ['como puede ser que todavia no manden a nadie', 'waiting', 'question'],
            ['no manden mas alertas', 'first', 'alerts_unsubscribe'],
            ['no manden mas alertas de viento', 'first', 'alerts_unsubscribe'],
            ['no envíen más alertas por tormenta a este número', 'waiting', 'alerts_unsubscribe']
        ]
    },
    {
        behaviour: 'what the line is asking, or what to do now in the chat, is a call for help, not a question',
        rows: [
            ['q es lo q me esta preguntando el aparato?', 'first', 'help'],
            ['disculpe, me distraje, ¿qué me pediste?', 'location', 'help'],
            ['y ahora que hago? me quedo esperando o les escribo?', 'waiting', 'help'],
            ['me instalaron esto y no se que hay que hacer aqui', 'first', 'help'],
            ['¿cuánto tardan? así sé si espero o me voy', 'waiting', 'question']
        ]
    },
    {
        behaviour: 'a yes at the summary and the photo question, in words or emoji',
        rows: [
            ['si', 'summary', 'yes'],
            ['dale nomás', 'summary', 'yes'],
            ['👍👍', 'summary', 'yes'],
            ['Sí, está todo bien, gracias', 'summary', 'yes'],
            ['sí, ya te la mando', 'photo', 'yes'],
            ['ok', 'photo', 'yes']
        ]
    },
    {
        behaviour: 'a no at the photo question: no photo, later, no camera',
        rows: [
            ['no tengo foto', 'photo', 'no'],
            ['después te la mando', 'photo', 'no'],
            ['sin foto, no hay señal', 'photo', 'no'],
            ['no', 'summary', 'no'],
            ['todavía no', 'summary', 'no']
        ]
    },
    {
        behaviour: 'the answer to the question asked',
        rows: [
            ['Juan Pérez', 'name', 'answer'],
            ['valle viejo', 'department', 'answer'],
            ['calle Sarmiento 450, frente a la escuela', 'location', 'answer'],
            ['se cayó un árbol en la vereda, nadie herido', 'type', 'answer'],
            ['acá va la foto, es el poste caído en la esquina', 'photo', 'answer']
        ]
    },
    {
        behaviour: 'a correction, with the field read from the new value',
        rows: [
            ['uy no, perdón, es Tinogasta, no Belén', 'location', 'correction', 'department'],
            ['me equivoqué, la dirección es Rivadavia 120', 'summary', 'correction', 'location'],
            ['perdón, el nombre es Marta Gómez', 'department', 'correction', 'name'],
            ['no es inundación, es granizo', 'summary', 'correction', 'type'],
            ['Foto', 'summary', 'correction', 'photo'],
            ['quiero cambiar el departamento', 'summary', 'correction', 'department'],
            ['Alijilán, no Icaño', 'summary', 'correction', 'location'],
            ['en el resumen dice Valle Viejo pero es Capital', 'summary', 'correction', 'department'],
            ['el numero es 450, perdon', 'summary', 'correction', 'location'],
            ['el saujil de poman, no el de tinogasta', 'summary', 'correction', 'department'],
            ['no era inundacion, fue crecida del rio', 'summary', 'correction', 'type'],
            ['Rectifico el departamento: Capayán, no Capital.', 'summary', 'correction', 'department'],
            ['uh perdón, es Pomán, yo estoy del lado de Mutquín', 'summary', 'correction', 'department'],
            ['todo ok salvo la dirección: es Junín 80, no 800', 'summary', 'correction', 'location'],
            ['me equivoqué de número, es la casa 22 no la 12', 'waiting', 'correction', 'location'],
            ['me olvidé de decir que es el pasaje 5, no el 3', 'waiting', 'correction', 'location']
        ]
    },
    {
        behaviour: 'asked for a field, a refusal to give it is a no; a cancel or a person asked for stays what it asks',
        rows: [
            ['prefiero seguir anónima', 'name', 'no'],
            ['prefiero no decirle mi nombre, disculpe', 'name', 'no'],
            ['no les voy a pasar la dirección por acá', 'location', 'no'],
            ['no quiero dar mi nombre, cancelá todo', 'name', 'cancel'],
            ['no le doy mi nombre, quiero hablar con una persona', 'name', 'operator']
        ]
    },
    {
        behaviour: 'the chat failing at a question asks for help with it; giving up on it is a no',
        rows: [
            ['no me carga la foto, me da error', 'photo', 'help'],
            ['no me deja adjuntar la ubicación', 'location', 'help'],
            ['no me sale, no importa', 'photo', 'no'],
            ['aprieto el botón y no se abre la lista', 'type', 'help']
        ]
    },
    {
        behaviour: 'a person of the agency asked for by role, or not the machine',
        rows: [
            ['necesito hablar con el encargado de la guardia', 'first', 'operator'],
            ['que me atienda una persona, no la maquina', 'waiting', 'operator']
        ]
    },
    {
        behaviour: 'an exclamation about the weather with nothing that happened shares a moment; with damage it reports',
        rows: [
            ['uy qué viento que hay hoy en Andalgalá', 'first', 'other'],
            ['tremenda tormenta, se nos voló el techo del galpón', 'first', 'report']
        ]
    },
    {
        behaviour: 'the alerts left or asked for in passing words',
        rows: [
            ['ya no me sirven las alertas, me fui a vivir a Salta', 'first', 'alerts_unsubscribe'],
            ['quiero estar enterado cuando haya alerta por granizo', 'first', 'alerts_subscribe'],
            ['noo cualquiera pusiste', 'summary', 'no']
        ]
    },
    {
        behaviour: 'someone or something that will come is no weather asked about',
        rows: [
            ['¿va a venir alguien hoy?', 'waiting', 'question'],
            ['¿va a venir la creciente esta noche?', 'first', 'alerts_query'],
            ['¿cuándo va a llover?', 'first', 'alerts_query']
        ]
    },
    {
        behaviour: 'the summary declined without naming what is wrong is a no; a wrong number at the opening is the chat',
        rows: [
            ['nop, hay algo mal', 'summary', 'no'],
            ['mmm no, está mal', 'summary', 'no'],
            ['sí, está bien así como lo pusiste', 'summary', 'yes'],
            ['perdón, me equivoqué de número', 'first', 'other']
        ]
    },
    {
        behaviour: 'a question about a field is no correction of it',
        rows: [
            ['la direccion es necesaria? xq no se el numero de la casa', 'location', 'question'],
            ['No entiendo qué debo responder en esta parte, ¿el departamento es el barrio?', 'department', 'help']
        ]
    },
    {
        behaviour: 'a stop to the alerts said in many ways',
        rows: [
            ['No me manden más. Ya es suficiente.', 'first', 'alerts_unsubscribe'],
            ['Solicito la baja de este número de la lista de difusión de alertas', 'first', 'alerts_unsubscribe'],
            ['Disculpe, me llega todo dos veces, me pueden dar de baja de uno de los números?', 'first', 'alerts_unsubscribe'],
            ['Quiero darme de alta en el servicio de alertas. Coneta, Capayán.', 'first', 'alerts_subscribe'],
            ['Le agradezco. Y además quisiera que me incorporen a la lista de alertas.', 'first', 'alerts_subscribe']
        ]
    },
    {
        behaviour: 'hazard words with nothing happening now: a drill, a chain message',
        rows: [
            ['mañana hacen el simulacro de incendio en la escuela, no se asusten si ven humo', 'first', 'other'],
            ['reenvien a 10 contactos: mañana cortan el agua en toda la provincia', 'first', 'other'],
            ['el año pasado se nos vino la creciente, este año que hay que hacer para que no pase', 'first', 'question'],
            ['El año pasado se electrocutó un chico con un cable así, por eso les aviso del poste caído', 'first', 'report']
        ]
    },
    {
        behaviour: 'while a case waits, the person turned up fine withdraws it',
        rows: [
            ['Apareció!!! estaba en el pueblo sin batería 🙈 perdón y gracias', 'waiting', 'cancel'],
            ['Lo encontramos, está bien, estaba en lo de unos vecinos. Perdón por el susto', 'waiting', 'cancel'],
            ['ya llegó la ambulancia, está bien, gracias', 'waiting', 'thanks']
        ]
    },
    {
        behaviour: 'thanks in words that are not a name, and a sticker that says nothing',
        rows: [
            ['graciass genios ❤️❤️', 'waiting', 'thanks'],
            ['señorita ya llegó la ambulancia, Dios le pague', 'first', 'thanks'],
            ['[sticker de un gato llorando]', 'first', 'other']
        ]
    },
    {
        behaviour: 'a question, at any step',
        rows: [
            ['para qué quieren mi dirección?', 'location', 'question'],
            ['cuál es el número de bomberos', 'first', 'question'],
            ['qué hago si se corta la luz', 'first', 'question'],
            ['¿para qué necesitan mi nombre?', 'name', 'question']
        ]
    },
    {
        behaviour: 'the alerts: asked about, subscribed to, left',
        rows: [
            ['hay alerta en Belén?', 'first', 'alerts_query'],
            ['va a llover fuerte mañana en Andalgalá?', 'first', 'alerts_query'],
            ['ALERTAS', 'first', 'alerts_subscribe'],
            ['quiero recibir las alertas, gracias', 'first', 'alerts_subscribe'],
            ['BAJA', 'first', 'alerts_unsubscribe'],
            ['no me manden más alertas', 'first', 'alerts_unsubscribe'],
            ['cancelar las alertas', 'first', 'alerts_unsubscribe']
        ]
    },
    {
        behaviour: 'a service asked for at the opening',
        rows: [
            ['necesito que vengan a podar el árbol de la vereda', 'first', 'request'],
            ['solicito inspección de mi casa, se rajó la pared', 'first', 'request'],
            ['pedimos chapas y colchones para dos familias', 'first', 'request']
        ]
    },
    {
        behaviour: 'leaving the alerts is the only "baja" the line offers; "ahora sí" confirms; refusing the name is a no',
        rows: [
            ['cómo hago para desuscribirme de esto?', 'first', 'alerts_unsubscribe'],
            ['me siguen llegando, cómo me doy de baja', 'waiting', 'alerts_unsubscribe'],
            ['saquen mi numero por favor', 'waiting', 'alerts_unsubscribe'],
            ['ahora sí, está todo bien', 'summary', 'yes'],
            ['no pongan mi nombre porfa', 'name', 'no']
        ]
    },
    {
        behaviour: 'at the summary a value set against another corrects it; "no" before anything else does not',
        rows: [
            ['Huillapima, no Miraflores', 'summary', 'correction', 'department'],
            ['es el pasaje 12 no el 14', 'summary', 'correction', 'location'],
            ['lo escribí mal, es Medanitos', 'summary', 'correction'],
            ['sí, todo bien, no tengo más fotos', 'summary', 'yes']
        ]
    },
    {
        behaviour: 'while the case waits, the help that came is news for the operator and an "ok" answers nothing asked',
        rows: [
            ['ya llegaron los bomberos', 'waiting', 'other'],
            ['ya vino el medico, gracias', 'waiting', 'thanks'],
            ['llegó la ambulancia pero se incendia la casa de al lado también', 'waiting', 'report'],
            ['bueno, quedo esperando', 'waiting', 'other'],
            ['bueno', 'summary', 'yes'],
            ['noo', 'photo', 'no']
        ]
    },
    {
        behaviour: 'how the line works is a question; "¿cómo funciona?" alone asks for help with the chat',
        rows: [
            ['buen día, ¿cómo funciona este número? ¿me contesta una persona o una máquina?', 'first', 'question'],
            ['como funciona??', 'first', 'help']
        ]
    },
    {
        behaviour: 'the line asked to come, do or bring something, whatever the thing, is a request; asked for information it is a question',
        rows: [
            ['¿pueden venir a llevarse el tronco que quedó en la vereda?', 'first', 'request'],
            ['hola, me traen unas garrafas? se nos acabó el gas con el frío', 'first', 'request'],
            ['¿se puede pedir la retroexcavadora para el callejón?', 'first', 'request'],
            ['¿me pueden pasar el número de la muni?', 'first', 'question'],
            ['la calle está anegada, no se puede pasar con el auto', 'first', 'report']
        ]
    },
    {
        behaviour: 'telling the line something just in case, for it to know, or thanking ahead for a service is no question and no thanks',
        rows: [
            ['hay humo en el cerro de atrás de la escuela, aviso por las dudas', 'first', 'report'],
            ['se juntó el agua en la entrada del cementerio, no se puede pasar. para que sepan', 'first', 'report'],
            ['hay un poste torcido en la esquina de casa, agradecería que vengan a verlo', 'first', 'request'],
            ['buenas, qué tal, quería avisar que se cayó un árbol en la plaza', 'first', 'report'],
            ['¿va a venir alguien o no?', 'waiting', 'question'],
            ['hay aviso por viento para mañana?', 'first', 'alerts_query']
        ]
    },
    {
        behaviour: 'a service asked for at a question, instead of its answer, is a request; beside a place asked for, an answer',
        rows: [
            ['foto no tengo, lo que necesito es que vengan a cortar el sauce que tapa la calle', 'photo', 'request'],
            ['ninguna de esas, quiero que me poden la morera antes que se caiga', 'type', 'request'],
            ['antes de confirmar: necesitaría que alguien revise el tapial que quedó torcido', 'summary', 'request'],
            ['Barrio 500 Viviendas, casa 12, que vengan a ver el tapial', 'location', 'answer']
        ]
    },
    {
        behaviour: 'commands: cancel, help, operator, in any words',
        rows: [
            ['cancelar', 'summary', 'cancel'],
            ['ya no hace falta, lo arreglaron los vecinos', 'waiting', 'cancel'],
            ['ayuda', 'name', 'help'],
            ['¿puedo hablar con algún responsable de guardia?', 'first', 'operator'],
            ['¿me pasa con alguien que sepa de la zona?', 'location', 'operator'],
            ['no entiendo qué tengo que poner', 'location', 'help'],
            ['?', 'department', 'help'],
            ['quiero hablar con una persona', 'waiting', 'operator'],
            ['pasame con alguien de verdad', 'type', 'operator'],
            ['operador', 'first', 'operator']
        ]
    },
    {
        behaviour: 'an answer given first, then a question, is the answer; a question first stays a question',
        rows: [
            ['Rosa Quiroga. y ustedes cuando vienen a ver lo del techo?', 'name', 'answer'],
            ['andalgala, chaquiago. cuanto tardan en venir?', 'department', 'answer'],
            ['inundacion creo. despues vienen a ver o como es?', 'type', 'answer'],
            ['ahh ok. y eso para que lo necesitas?', 'name', 'question'],
            ['Entiendo. es obligatorio?', 'name', 'question'],
            ['y si no se el departamento?', 'department', 'question']
        ]
    },
    {
        behaviour: 'a photo said to be on its way is a yes at the photo question; "conforme" confirms the summary',
        rows: [
            ['ahi van', 'photo', 'yes'],
            ['estoy conforme', 'summary', 'yes']
        ]
    },
    {
        behaviour: 'goods asked for in the conditional ("les agradecería", "nos vendrían bien") are a request, not thanks',
        rows: [
            ['si reparten nylon les agradeceria, se nos volo el techo del galpon', 'first', 'request'],
            ['buenas, si estan entregando colchones nos vendrian bien dos', 'first', 'request'],
            ['les agradezco mucho, ya vinieron los bomberos', 'waiting', 'thanks']
        ]
    },
    {
        behaviour: 'a report withdrawn in other words is a cancel; a photo or an alert to delete is not',
        rows: [
            ['ya está, no sigas con esto que lo solucionamos', 'waiting', 'cancel'],
            ['pueden borrar lo que les mandé, era en otro lado y ya lo arreglaron', 'waiting', 'cancel'],
            ['mejor no manden a nadie, lo arreglamos entre los vecinos', 'waiting', 'cancel'],
            ['esa foto q mande no es de aca, es de internet jaja, borrala', 'summary', 'correction'],
            ['no sigan por la ruta 40, entren por el camino de tierra al lado de la escuela', 'location', 'answer'],
            ['pueden borrar lo que puse en la direccion? es calle San Martin 300', 'summary', 'correction'],
            ['mejor no manden la ambulancia chica, manden una 4x4 porque no entra', 'first', 'report']
        ]
    },
    {
        behaviour: 'someone asked for by a word for a person and a verb of attending to the writer is the operator',
        rows: [
            ['¿y no hay una persona que me pueda llamar al celular?', 'waiting', 'operator'],
            ['es mas rapido si me llama alguien, le explico por telefono', 'location', 'operator'],
            ['hay algún humano? 😅', 'waiting', 'operator'],
            ['nadie me atiende en el hospital, les aviso', 'first', 'report'],
            ['llamen a alguien que el nene se ahoga', 'first', 'report'],
            ['alguien me puede responder si hay alerta por viento mañana?', 'first', 'alerts_query'],
            ['el humano ese me pego', 'first', 'other']
        ]
    },
    {
        behaviour: 'thanks and greetings said alone',
        rows: [
            ['muchas gracias', 'waiting', 'thanks'],
            ['Dios se lo pague', 'waiting', 'thanks'],
            ['hola', 'first', 'greeting'],
            ['Hola, buenas tardes', 'name', 'greeting'],
            ['👋', 'first', 'greeting'],
            ['q onda', 'first', 'greeting'],
            ['wena', 'first', 'greeting']
        ]
    },
    {
        behaviour: 'a report at the opening, other for what is none of these',
        rows: [
            ['se inundó la calle y el agua llega a la vereda', 'first', 'report'],
            ['el viento voló el techo del galpón, estamos bien', 'waiting', 'report'],
            ['perdón, era para otro chat', 'first', 'other'],
            ['me muero de calor jaja', 'first', 'other'],
            ['ni idea', 'type', 'other'],
            ['Vengan rápido', 'name', 'other']
        ]
    },
    {
        behaviour: 'a question read from its form: an interrogative and what one must do, or information asked for',
        rows: [
            ['a qué número tengo que llamar si veo humo', 'first', 'question'],
            ['dónde puedo conseguir bolsas de arena', 'first', 'question'],
            ['me podrían decir qué hacer con los animales', 'first', 'question'],
            ['qué papeles necesito para pedir ayuda', 'first', 'question'],
            ['¿con qué puedo tapar la ventana si llueve esta noche?', 'first', 'question']
        ]
    },
    {
        behaviour: 'the weather to come asked without the word "alerta"',
        rows: [
            ['está previsto viento fuerte en Pomán?', 'first', 'alerts_query'],
            ['es cierto que se viene un temporal?', 'first', 'alerts_query'],
            ['hay advertencia por lluvias en Santa María', 'first', 'alerts_query'],
            ['y siguen los avisos por tormenta?', 'waiting', 'alerts_query']
        ]
    },
    {
        behaviour: 'how to answer the question asked is help, not a question',
        rows: [
            ['¿cómo te mando la ubicación?', 'location', 'help'],
            ['qué número pongo?', 'type', 'help'],
            ['no sé cómo se adjunta', 'photo', 'help'],
            ['no sé en qué departamento estoy', 'department', 'help'],
            ['qué es ubicación?', 'location', 'help']
        ]
    },
    {
        behaviour: 'a closing while waiting: thanks with nothing new, or with the help already there',
        rows: [
            ['ok mil gracias, quedo esperando', 'waiting', 'thanks'],
            ['perfecto, gracias, acá los espero', 'waiting', 'thanks'],
            ['ya llegaron los bomberos, gracias a todos', 'waiting', 'thanks'],
            ['qué atención! gracias', 'waiting', 'thanks'],
            ['felicitaciones a los chicos de la guardia', 'first', 'thanks'],
            ['gracias, se volvió a caer otra rama', 'waiting', 'report']
        ]
    },
    {
        behaviour: 'chatter at the opening with no hazard, place or person at risk in it is other',
        rows: [
            ['feliz año nuevo para todos', 'first', 'other'],
            ['uy me equivoqué', 'first', 'other'],
            ['qué aburrido este domingo', 'first', 'other'],
            ['se murió la vecina de al lado', 'first', 'report'],
            ['qué lástima', 'first', 'other'],
            ['mi nieta me pasó este número por las dudas', 'first', 'other']
        ]
    },
    {
        behaviour: 'the commands dialogs/intentRecognizer.ts used to read itself: wanted, polite, or a lead against the alerts',
        rows: [
            ['quiero salir', 'summary', 'cancel'],
            ['no quiero seguir', 'first', 'cancel'],
            ['terminar por favor', 'waiting', 'cancel'],
            ['necesito instrucciones', 'first', 'help'],
            ['suscribirme', 'first', 'alerts_subscribe'],
            ['necesito las alertas del clima', 'first', 'alerts_subscribe'],
            ['¿cómo recibo las alertas?', 'first', 'alerts_subscribe'],
            ['no quiero alertas', 'first', 'alerts_unsubscribe'],
            ['no deseo recibir alertas del tiempo', 'first', 'alerts_unsubscribe'],
            ['basta de alertas por favor', 'first', 'alerts_unsubscribe'],
            ['no más alertas', 'first', 'alerts_unsubscribe'],
            ['no', 'photo', 'no']
        ]
    },
    {
        behaviour: 'a question asked inside a sentence or after a hypothesis, without "?"',
        rows: [
            ['mi abuela pregunta dónde queda el centro de evacuados', 'first', 'question'],
            ['disculpe, sabe usted si los bomberos cobran', 'first', 'question'],
            ['en caso de evacuación q tengo q llevar', 'first', 'question'],
            ['si se me inunda la casa ustedes vienen a sacar el agua?', 'first', 'question'],
            ['es verdad que hay que desenchufar todo cuando hay tormenta eléctrica', 'first', 'question'],
            ['no sé si vivo en Belén o en Pomán', 'department', 'other']
        ]
    },
    {
        behaviour: 'a correction by a value set against another, after an apology or at the summary',
        rows: [
            ['uy no perdón es Londres no Belén', 'location', 'correction'],
            ['la calle es belgrano no sarmiento', 'summary', 'correction'],
            ['ay no, el departamento era Paclín', 'type', 'correction'],
            ['perdón, la dirección correcta es Maipú 1520', 'waiting', 'correction'],
            ['se inunda el barrio, la calle es un río', 'type', 'answer']
        ]
    },
    {
        behaviour: 'a word that only names what to stop ("nada", "mensajes", "lista") asks for no alerts on its own',
        rows: [
            ['nada', 'first', 'other'],
            ['nada', 'department', 'no'],
            ['mensajes', 'first', 'other'],
            ['lista', 'first', 'other'],
            ['no me manden nada', 'first', 'alerts_unsubscribe'],
            ['sáquenme de la lista', 'first', 'alerts_unsubscribe'],
            ['no quiero más mensajes', 'waiting', 'alerts_unsubscribe']
        ]
    },
    {
        behaviour: 'a photo declined first and the reason after; not knowing is no refusal',
        rows: [
            ['no tengo, se me rompió el teléfono', 'photo', 'no'],
            ['ahora no puedo, llueve mucho', 'photo', 'no'],
            ['nose', 'photo', 'other'],
            ['no quiero decir mi nombre', 'name', 'no']
        ]
    }
];

describe('language/intents: the intent reader', () => {
    for (const { behaviour, rows } of TABLE) {
        it(behaviour, () => {
            for (const [text, step, expected, field] of rows) {
                const read = readIntent(text, step, false);
                expect(read.intent, `${JSON.stringify(text)} @${step}`).to.equal(expected);
                if (field) expect(read.correctionField, `field of ${JSON.stringify(text)}`).to.equal(field);
            }
        });
    }

    it('reads an urgent message as a report unless it plainly cancels or asks for a person', () => {
        expect(readIntent('sí, pero mi vecino no respira', 'summary', true).intent).to.equal('report');
        expect(readIntent('Juan, se me quema la casa con los chicos adentro', 'name', true).intent).to.equal('report');
        expect(readIntent('quiero hablar con una persona', 'waiting', true).intent).to.equal('operator');
        expect(readIntent('cancelar', 'summary', true).intent).to.equal('cancel');
    });

    it("marks the question that asks for the list of one's alerts", () => {
        expect(readIntent('MIS ALERTAS', 'first', false)).to.include({ intent: 'question', alertsList: true });
        expect(readIntent('quiero ver mis alertas', 'first', false).alertsList).to.equal(true);
        expect(readIntent('¿qué significa alerta amarilla?', 'first', false).alertsList).to.equal(undefined);
    });

    it('reads the same words by the step: "dale" is a yes at the summary, "no tengo" a no at the photo', () => {
        expect(readIntent('no tengo', 'photo', false).intent).to.equal('no');
        expect(readIntent('dale', 'summary', false).intent).to.equal('yes');
        expect(readIntent('Socorro Díaz', 'name', false).intent).to.equal('answer');
    });

    it('quotes its evidence from the original text', () => {
        const text = 'Hola, quiero hablar con una persona por favor';
        const read = readIntent(text, 'waiting', false);
        expect(read.evidence).to.not.equal(undefined);
        expect(text.slice(read.evidence!.start, read.evidence!.end)).to.equal(read.evidence!.text);
    });

    // Speed is npm run bench's to measure (bench/languageBench.ts), never a timed test.
    it('reads a 4,096-character message of any shape at every step', () => {
        const long = 'se cayo el arbol sobre la calle y no pasa nadie, '.repeat(90).slice(0, 4096);
        const question = 'x'.repeat(4000) + ' ??? ' + 'a'.repeat(90);
        const distinct = Array.from({ length: 700 }, (_, i) => `pal${i.toString(36)}`)
            .join(' ')
            .slice(0, 4096);
        for (const text of [long, question, 'jajaja '.repeat(600), distinct]) {
            for (const step of ['first', 'summary', 'name'] as const) {
                expect(readIntent(text, step, false).intent, `@${step}`).to.be.a('string');
            }
        }
    });

    it('rejects a word file that breaks the schema, naming the file and the entry', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-words-'));
        const file = path.join(dir, 'intentWords.json');
        const data = JSON.parse(fs.readFileSync(INTENT_WORDS_FILE, 'utf8')) as Record<string, unknown>;
        (data.yes as string[]).push('Sí, Señor');
        fs.writeFileSync(file, JSON.stringify(data));
        expect(() => loadIntentWords(file)).to.throw(WordFileError, /intentWords\.json: entry yes\.\d+ \("Sí, Señor"\)/);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});

describe('language: a hazard named in jest is no report', () => {
    const rows: Array<[string, Intent]> = [
        ['jajaja se me incendio la cena otra vez', 'other'],
        ['se me inunda el alma de tristeza con esta lluvia', 'other'],
        ['se inundó la calle de la facu jaja, no hay nadie en peligro', 'report'],
        ['me mata el vecino jaja... no, en serio, me está amenazando con un cuchillo, vengan', 'report']
    ];
    for (const [text, intent] of rows)
        it(`reads ${JSON.stringify(text)} as ${intent}`, () => {
            expect(understand(text, 'first').intent.intent).to.equal(intent);
        });
});
