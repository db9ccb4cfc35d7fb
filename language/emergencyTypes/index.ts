export { readEmergencyTypes } from './reader';
export { typeWordsReachedByTypo, typeWordsTypoTargets } from './reader';
export { loadRealWordsNearTypes, writeRealWordsNearTypes } from './realWordsNearTypes';
