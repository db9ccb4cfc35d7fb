/** The bots: what the server wires into the WhatsApp line and the Bot Framework endpoint. */
export { createReportBot } from './createReportBot';
