export { readPlace } from './readPlace';
export type { ReadPlaceOptions } from './readPlace';
