export { readEmergencyTypes } from './reader';
