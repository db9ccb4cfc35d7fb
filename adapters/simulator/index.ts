/** The local Graph API stand-in and its page: what the server mounts when no WhatsApp token is set. */
export { GraphApiPeer } from './graphPeer';
export { mountSimulator } from './simulatorRoutes';
